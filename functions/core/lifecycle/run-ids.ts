/** The run id an HR event starts (its execution name is derived from the same event id). */
export function onboardingRunId(eventId: string): string {
  return `onboarding:${eventId}`;
}

export function offboardingRunId(eventId: string): string {
  return `offboarding:${eventId}`;
}

export function sweepRunId(sweepId: string): string {
  return `sweep:${sweepId}`;
}

/** The run of a leave event's sign-in or seat change (core/lifecycle/apply-leave.ts). */
export function leaveRunId(eventId: string): string {
  return `leave:${eventId}`;
}

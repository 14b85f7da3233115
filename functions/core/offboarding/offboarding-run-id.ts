/**
 * The run an offboarding event starts, keyed on the event. A module of its own: the admin API and
 * the CLI name runs without bundling the offboarding's steps.
 */
export function offboardingRunId(eventId: string): string {
  return `offboarding:${eventId}`;
}

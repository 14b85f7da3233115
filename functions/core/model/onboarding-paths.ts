/**
 * The onboarding paths: what the decision (core/onboarding-decision.ts) answers and the
 * workflow's "Choose Onboarding Path" Choice state switches on. Vocabulary only, so the step
 * contracts can name it without importing the core's logic.
 */
export const OnboardingPaths = [
  'ensure-workspaces',
  'grant',
  'reactivate-and-grant',
  'invite',
  'wait-for-first-login',
] as const;
export type OnboardingPath = (typeof OnboardingPaths)[number];

/** Where a person stands in Lanyard's lifecycle (their profile's `lifecycle`). Vocabulary only. */
export const LifecycleStates = [
  'onboarding',
  'awaiting-first-login',
  'active',
  'not-provisioned',
  'offboarding',
  'offboarded',
] as const;
export type LifecycleState = (typeof LifecycleStates)[number];

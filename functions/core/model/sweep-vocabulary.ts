/**
 * How a sweep acts on what it finds: list only, reclaim after one approval, ask each idle member
 * first (those who answer "keep" in time are kept), or reclaim at once.
 */
export const SweepModes = ['report', 'approve', 'ask-first', 'auto'] as const;
export type SweepMode = (typeof SweepModes)[number];
export const SweepStatuses = [
  'listing',
  'awaiting-approval',
  'awaiting-answers',
  'reclaiming',
  'finished',
  'rejected',
  'failed',
] as const;
export type SweepStatus = (typeof SweepStatuses)[number];
/**
 * `candidate`: idle, not exempt, not yet acted on; `exempt`: kept by a rule (reason says which);
 * `dropped`: kept by the approver; `kept`: answered "keep" to an ask-first sweep; `reclaimed`: license revoked and read back; `skipped`: changed
 * since the listing (logged in, already unlicensed); `failed`: Trello refused.
 */
export const SweepMemberStates = [
  'candidate',
  'exempt',
  'dropped',
  'kept',
  'reclaimed',
  'skipped',
  'failed',
] as const;
export type SweepMemberState = (typeof SweepMemberStates)[number];

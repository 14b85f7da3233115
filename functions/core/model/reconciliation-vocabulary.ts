/**
 * How a drift reconciliation acts on what it finds: report only (the default), apply the fixes
 * after one approval of the batch, or apply them at once (past the mass-change guard's limit they
 * wait for that approval too).
 */
export const ReconciliationModes = ['report', 'approve', 'auto'] as const;
export type ReconciliationMode = (typeof ReconciliationModes)[number];
export const ReconciliationStatuses = [
  'reading',
  'awaiting-approval',
  'fixing',
  'finished',
  'rejected',
  'failed',
] as const;
export type ReconciliationStatus = (typeof ReconciliationStatuses)[number];

/**
 * What a reconciliation can find (issue 16): `leaver-in-trello` an offboarded person still
 * licensed or active in Trello; `leaver-can-sign-in` an offboarded person the IdP still lets
 * sign in; `deactivated-can-sign-in` a member deactivated in Trello whose IdP sign-in still works
 * (Trello's deactivation does not stop SSO); `hire-not-provisioned` a person onboarded per the
 * record who holds no seat in Trello; `unknown-licensed` a licensed member HR does not know;
 * `deactivated-holding-seat` a member both deactivated and licensed.
 */
export const FindingKinds = [
  'leaver-in-trello',
  'leaver-can-sign-in',
  'deactivated-can-sign-in',
  'hire-not-provisioned',
  'unknown-licensed',
  'deactivated-holding-seat',
] as const;
export type FindingKind = (typeof FindingKinds)[number];

/** The existing run that would close a finding: an offboarding, an onboarding, a seat reclaim, or none (a person must look). */
export const FindingFixes = ['offboard', 'onboard', 'reclaim', 'none'] as const;
export type FindingFix = (typeof FindingFixes)[number];

/**
 * `open`: a fix is suggested and not applied; `no-fix`: reported, a person must look; `dropped`:
 * kept out of the fixes by the approver; `fixed`: the fix was started (the run) or done (a
 * reclaim, read back); `failed`: the fix was refused (the result says why).
 */
export const FindingStates = ['open', 'no-fix', 'dropped', 'fixed', 'failed'] as const;
export type FindingState = (typeof FindingStates)[number];

/** Every finding kind and state at zero: where a count of findings starts. */
export function noFindings(): { byKind: Record<FindingKind, number>; byState: Record<FindingState, number> } {
  return {
    byKind: Object.fromEntries(FindingKinds.map((k) => [k, 0])) as Record<FindingKind, number>,
    byState: Object.fromEntries(FindingStates.map((s) => [s, 0])) as Record<FindingState, number>,
  };
}

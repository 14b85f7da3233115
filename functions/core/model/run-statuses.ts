/** What a workflow run is and how it stands (the run record's `kind` and `status`). Vocabulary only. */

/**
 * `mover`: a department change that moved Workspace memberships (core/lifecycle/move-workspaces.ts);
 * `leave`: a leave of absence's sign-in or seat change (core/lifecycle/apply-leave.ts).
 */
export const RunKinds = ['onboarding', 'offboarding', 'sweep', 'mover', 'leave', 'reconciliation'] as const;
export type RunKind = (typeof RunKinds)[number];
/**
 * `waiting-approval`: the run waits for an admin (back to `running` once decided);
 * `succeeded-with-gaps`: done, with gaps an admin must close by hand (the summary lists them);
 * `not-provisioned`: the run ended as designed without giving access (approval rejected or
 * expired, the person never logged in); `access-remains`: an offboarding could not end the
 * leaver's access (a cut refused or given up) — a failure that alarms; `skipped`: a duplicate or
 * stale event, or a leave change its approval did not allow (rejected, withdrawn, expired,
 * approved too late), nothing done.
 */
export const RunStatuses = [
  'running',
  'waiting-approval',
  'succeeded',
  'succeeded-with-gaps',
  'not-provisioned',
  'failed',
  'access-remains',
  'superseded',
  'skipped',
] as const;
/** Statuses of a run that has ended (anything but running or waiting). */
export const FINISHED_RUN_STATUSES = RunStatuses.filter((s) => s !== 'running' && s !== 'waiting-approval');
/** Ended runs an admin may start again (POST /admin/runs/{id}/retry). */
export const RETRYABLE_RUN_STATUSES: readonly RunStatus[] = ['failed', 'access-remains'];
export type RunStatus = (typeof RunStatuses)[number];

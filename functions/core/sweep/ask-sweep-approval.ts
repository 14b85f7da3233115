/**
 * Ask Sweep Approval (`.waitForTaskToken`): one approval for the whole batch — of an approve-mode
 * sweep, or of an auto or ask-first one the mass-change guard held (Guard Reclaims). The approver
 * reads the candidates in the console or `GET /admin/sweeps/{id}` and drops anyone to keep
 * (`POST /admin/sweeps/{id}/drop`) before approving. Recorded and replayed like every approval.
 */
import type { ApprovalRecord } from '../../ports/records/approvals.ts';
import { askApproval } from '../approvals/ask-approval.ts';
import { countCandidates, reclaimAdmission } from './guard-reclaims.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

export async function askSweepApproval(
  sweep: SweepContext,
  taskToken: string,
  deps: SweepDeps<'runs' | 'audit' | 'approvals' | 'sweeps'>,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  // Only an approve-mode sweep asks by itself; any other is here because the guard held it.
  const guarded = sweep.mode === 'approve' ? null : await reclaimAdmission(sweep, deps);
  const candidates = guarded?.candidates ?? (await countCandidates(sweep.sweepId, deps.sweeps));
  const why = guarded && !guarded.admission.admitted ? `${guarded.admission.detail}. ` : '';
  await deps.sweeps.updateSweep(sweep.sweepId, { status: 'awaiting-approval' });
  const where = deps.sweepSettings.consoleUrl
    ? `${deps.sweepSettings.consoleUrl}#/sweeps/${encodeURIComponent(sweep.sweepId)}`
    : `GET /admin/sweeps/${sweep.sweepId}`;
  const approval = await askApproval(
    {
      id: `${sweep.runId}:reclaim`,
      runId: sweep.runId,
      kind: 'sweep-reclaim',
      subjectEmployeeId: null,
      subjectEmail: null,
      question: `${why}Reclaim ${candidates} idle Trello seat(s) — licensed members not active since ${sweep.inactiveSince}? Review them at ${where}: tick anyone who keeps their seat, then approve there (from a terminal: lanyard sweep drop, then lanyard approvals approve). Reject to reclaim nothing.`,
      options: ['reclaim the remaining candidates', 'reject'],
      title: `${why ? 'Mass-change guard: ' : ''}Reclaim ${candidates} idle Trello seat(s)?`,
    },
    taskToken,
    // The question already points at the sweep page, where the batch is reviewed before deciding.
    { approvalTimeoutHours: deps.sweepSettings.approvalTimeoutHours, consoleUrl: null },
    deps,
  );
  return { approvalId: approval.id, status: approval.status };
}

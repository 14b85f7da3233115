/**
 * Ask Sweep Approval (`.waitForTaskToken`): one approval for the whole batch. The approver reads
 * the candidates in the console or `GET /admin/sweeps/{id}` and drops anyone to keep
 * (`POST /admin/sweeps/{id}/drop`) before approving. Recorded and replayed like every approval.
 */
import type { ApprovalRecord } from '../../ports/record-store.ts';
import { askApproval } from '../approvals/ask-approval.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

export async function askSweepApproval(
  sweep: SweepContext,
  taskToken: string,
  deps: SweepDeps,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  let candidates = 0;
  let cursor: string | null = null;
  do {
    const page = await deps.records.listSweepMembers(sweep.sweepId, {
      state: 'candidate',
      limit: 1000,
      cursor,
    });
    candidates += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  await deps.records.updateSweep(sweep.sweepId, { status: 'awaiting-approval' });
  const where = deps.sweep.consoleUrl
    ? `${deps.sweep.consoleUrl}#/sweeps/${encodeURIComponent(sweep.sweepId)}`
    : `GET /admin/sweeps/${sweep.sweepId}`;
  const approval = await askApproval(
    {
      id: `${sweep.runId}:reclaim`,
      runId: sweep.runId,
      kind: 'sweep-reclaim',
      subjectEmployeeId: null,
      subjectEmail: null,
      question: `Reclaim ${candidates} idle Trello seat(s) — licensed members not active since ${sweep.inactiveSince}? Review them at ${where}; drop anyone to keep (POST /admin/sweeps/${sweep.sweepId}/drop) before approving. Reject to reclaim nothing.`,
      options: ['reclaim the remaining candidates', 'reject'],
      title: `Reclaim ${candidates} idle Trello seat(s)?`,
    },
    taskToken,
    // The question already points at the sweep page, where the batch is reviewed before deciding.
    { approvalTimeoutHours: deps.sweep.approvalTimeoutHours, consoleUrl: null },
    deps,
  );
  return { approvalId: approval.id, status: approval.status };
}

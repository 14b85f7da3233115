/**
 * Ask Sweep Approval (`.waitForTaskToken`): one approval for the whole batch. The approver reads
 * the candidates in the console or `GET /admin/sweeps/{id}` and drops anyone to keep
 * (`POST /admin/sweeps/{id}/drop`) before approving. Recorded and replayed like every approval.
 */
import type { ApprovalRecord } from '../../ports/record-store.ts';
import { replayDecision } from '../approvals/request-seat-approval.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

export async function askSweepApproval(
  sweep: SweepContext,
  taskToken: string,
  deps: SweepDeps,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  const now = deps.clock.now();
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
  const approval = await deps.records.putApproval(
    {
      id: `${sweep.runId}:reclaim`,
      runId: sweep.runId,
      kind: 'sweep-reclaim',
      subjectEmployeeId: null,
      subjectEmail: null,
      question: `Reclaim ${candidates} idle Trello seat(s) — licensed members not active since ${sweep.inactiveSince}? Review them at ${where}; drop anyone to keep (POST /admin/sweeps/${sweep.sweepId}/drop) before approving. Reject to reclaim nothing.`,
      options: ['reclaim the remaining candidates', 'reject'],
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.sweep.approvalTimeoutHours * 3_600_000).toISOString(),
      decidedBy: null,
      decidedAt: null,
      comment: null,
    },
    taskToken,
  );
  if (approval.status !== 'pending') {
    await replayDecision(approval, taskToken, deps);
  } else {
    await deps.notifier.notify({
      kind: 'approval-requested',
      title: `Reclaim ${candidates} idle Trello seat(s)?`,
      body: approval.question,
      runId: sweep.runId,
      approvalId: approval.id,
    });
  }
  return { approvalId: approval.id, status: approval.status };
}

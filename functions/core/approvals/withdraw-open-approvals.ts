/**
 * Closes the approvals a run still has open (as expired, decided by `lanyard`) so no admin
 * decides a question nobody waits on: the run finished without them, or was superseded.
 */
import type { Approvals } from '../../ports/records/approvals.ts';
import { ApprovalNotPendingError } from '../errors.ts';

export async function withdrawOpenApprovals(
  runId: string,
  deps: { approvals: Approvals },
  now: string,
  why: string,
): Promise<number> {
  let withdrawn = 0;
  let cursor: string | null = null;
  do {
    const page = await deps.approvals.listApprovals({ status: 'pending', limit: 100, cursor });
    for (const approval of page.items.filter((a) => a.runId === runId)) {
      try {
        await deps.approvals.decideApproval(approval.id, {
          status: 'expired',
          by: 'lanyard',
          at: now,
          comment: why,
        });
        withdrawn += 1;
      } catch (error) {
        if (!(error instanceof ApprovalNotPendingError)) throw error; // decided meanwhile: nothing to close
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return withdrawn;
}

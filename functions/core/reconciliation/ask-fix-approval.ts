/**
 * Ask Fix Approval (`.waitForTaskToken`): one approval for the reconciliation's suggested fixes —
 * of an approve-mode reconciliation, or of an auto one the mass-change guard held. The approver
 * reads the findings and their evidence in the console or `GET /admin/reconciliations/{id}`,
 * drops any fix to leave alone (`POST /admin/reconciliations/{id}/drop`), then approves; a
 * rejection applies nothing. Recorded and replayed like every approval (core/approvals).
 */
import type { ApprovalRecord } from '../../ports/records/approvals.ts';
import { askApproval } from '../approvals/ask-approval.ts';
import { countOpenFixes, guardHold } from './plan-fixes.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';
import { fixApprovalId } from './reconciliation-ids.ts';

export async function askFixApproval(
  reconciliation: ReconciliationContext,
  taskToken: string,
  deps: ReconciliationDeps<'runs' | 'approvals' | 'reconciliations'>,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  const id = reconciliation.reconciliationId;
  const fixes = await countOpenFixes(id, deps);
  const held = reconciliation.mode === 'auto' ? await guardHold(reconciliation, fixes, deps) : null;
  const why = held ? `${held}. ` : '';
  await deps.reconciliations.updateReconciliation(id, { status: 'awaiting-approval' });
  const where = deps.reconciliation.consoleUrl
    ? `${deps.reconciliation.consoleUrl}#/reconciliations/${encodeURIComponent(id)}`
    : `GET /admin/reconciliations/${id}`;
  const approval = await askApproval(
    {
      id: fixApprovalId(id),
      runId: reconciliation.runId,
      kind: 'reconciliation-fix',
      subjectEmployeeId: null,
      subjectEmail: null,
      question: `${why}Apply ${fixes} fix(es) suggested by drift reconciliation ${id} (offboardings, onboardings and seat reclaims, each with its evidence)? Review them at ${where}: drop any to leave alone (lanyard reconcile drop), then approve (lanyard approvals approve). Reject to apply nothing.`,
      options: ['apply the remaining fixes', 'reject'],
      title: `${held ? 'Mass-change guard: ' : ''}Apply ${fixes} drift fix(es)?`,
    },
    taskToken,
    { approvalTimeoutHours: deps.reconciliation.approvalTimeoutHours, consoleUrl: null },
    deps,
  );
  return { approvalId: approval.id, status: approval.status };
}

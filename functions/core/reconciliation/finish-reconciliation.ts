/**
 * Finish Reconciliation: the findings tallied by kind and by state, the reconciliation and its
 * run closed, the counts audited, admins told. A report-only run changed nothing and says so.
 * The tally is the records' running count (kept as findings are written and moved), not a read
 * of every finding.
 */

import { notApproved } from '../approvals/not-approved.ts';
import { withdrawOpenApprovals } from '../approvals/withdraw-open-approvals.ts';
import { causeMessage } from '../lifecycle/release-lifecycle.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';

export type ReconciliationEnd = { decision: 'report' | 'fixed' } | { Error: string; Cause?: string | null };

export async function finishReconciliation(
  reconciliation: ReconciliationContext,
  end: ReconciliationEnd,
  deps: Pick<ReconciliationDeps, 'reconciliations' | 'audit' | 'approvals' | 'runs' | 'notifier' | 'clock'>,
): Promise<{ status: 'succeeded' | 'not-provisioned' | 'failed'; outcome: string; failed: boolean }> {
  const now = deps.clock.now().toISOString();
  const id = reconciliation.reconciliationId;
  const { byKind, byState } = await deps.reconciliations.countFindings(id);
  const kinds = countsLine(byKind) || 'no drift found';
  let status: 'succeeded' | 'not-provisioned' | 'failed';
  let outcome: string;
  let summary: string;
  if ('decision' in end) {
    status = 'succeeded';
    outcome = end.decision === 'report' ? 'reported' : 'fixed';
    summary =
      end.decision === 'report'
        ? `Report only, nothing changed: ${kinds}`
        : `${byState.fixed} fix(es) applied, ${byState.failed} failed: ${kinds}`;
  } else if (notApproved(end.Error) !== null) {
    status = 'not-provisioned';
    outcome = 'rejected';
    summary = `Fixes ${notApproved(end.Error)}; nothing changed: ${kinds}`;
  } else {
    status = 'failed';
    outcome = `failed:${end.Error}`;
    summary = `${end.Error}: ${causeMessage(end.Cause) ?? ''} (${kinds})`;
  }
  await deps.reconciliations.updateReconciliation(id, {
    status: status === 'succeeded' ? 'finished' : status === 'failed' ? 'failed' : 'rejected',
    finishedAt: now,
  });
  // The finding counts, on the trail: what the run found is evidence too.
  const { ref } = await deps.audit.beginAudit(reconciliation.runId, `findings|${id}`, {
    at: now,
    actor: reconciliation.requestedBy,
    action: 'record-reconciliation-findings',
    target: `reconciliation:${id}`,
    detail: `${kinds}; ${countsLine(byState) || 'no findings'}`,
    runId: reconciliation.runId,
    employeeId: null,
  });
  await deps.audit.completeAudit(ref, 'succeeded', summary, now);
  await withdrawOpenApprovals(reconciliation.runId, deps, now, 'The reconciliation finished without it');
  await deps.runs.finishRun(reconciliation.runId, { status, outcome, summary, finishedAt: now });
  await deps.notifier.notify({
    kind: status === 'failed' ? 'run-failed' : 'run-finished',
    title: `Drift reconciliation ${id}: ${outcome}`,
    body: summary,
    runId: reconciliation.runId,
    approvalId: null,
  });
  return { status, outcome, failed: status === 'failed' };
}

function countsLine(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');
}

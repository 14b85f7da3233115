/**
 * Begin Reconciliation: record the reconciliation and its run once (the id is the execution
 * name), read the seats in use (the mass-change guard's share is taken of them), and audit the
 * start. A re-run finds all three and goes on; a finished one does nothing.
 */
import type { ReconciliationMode } from '../model/reconciliation-vocabulary.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';
import { reconciliationRunId } from './reconciliation-ids.ts';

export async function beginReconciliation(
  request: {
    reconciliationId: string;
    mode: ReconciliationMode;
    requestedBy: string;
    hrExportRows: number | null;
  },
  deps: ReconciliationDeps<'runs' | 'audit' | 'reconciliations'>,
): Promise<{ reconciliation: ReconciliationContext; proceed: boolean }> {
  const now = deps.clock.now().toISOString();
  const seats = await deps.trello.seats();
  const { reconciliation: stored } = await deps.reconciliations.createReconciliation({
    reconciliationId: request.reconciliationId,
    mode: request.mode,
    requestedBy: request.requestedBy,
    status: 'reading',
    startedAt: now,
    finishedAt: null,
    seatsBefore: seats.used,
    hrExportRows: request.hrExportRows,
  });
  const runId = reconciliationRunId(stored.reconciliationId);
  const against = stored.hrExportRows === null ? '' : ` and HR's export (${stored.hrExportRows} row(s))`;
  const summary = `Drift reconciliation (${stored.mode}) of Lanyard's records${against} with Trello and the identity provider, requested by ${stored.requestedBy}`;
  const { created, run } = await deps.runs.createRun({
    runId,
    kind: 'reconciliation',
    employeeId: null,
    executionName: stored.reconciliationId,
    eventId: null,
    status: 'running',
    outcome: null,
    summary,
    dryRun: stored.mode === 'report',
    startedAt: now,
    finishedAt: null,
    steps: [],
  });
  // Keyed on the reconciliation: a retried step finds the same entry instead of a second one.
  const { ref } = await deps.audit.beginAudit(runId, `start|${stored.reconciliationId}`, {
    at: now,
    actor: stored.requestedBy,
    action: 'start-reconciliation',
    target: `reconciliation:${stored.reconciliationId}`,
    detail: summary,
    runId,
    employeeId: null,
  });
  await deps.audit.completeAudit(ref, 'succeeded', summary, now);
  return {
    reconciliation: {
      reconciliationId: stored.reconciliationId,
      runId,
      mode: stored.mode,
      requestedBy: stored.requestedBy,
      hrExportRows: stored.hrExportRows,
    },
    proceed: created || run.status === 'running' || run.status === 'waiting-approval',
  };
}

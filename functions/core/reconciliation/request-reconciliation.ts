/**
 * Admins start a reconciliation now (API/CLI), optionally against an HR export, and drop fixes
 * from one awaiting approval. Its id
 * is its execution name, so the id the API answers is the one every record and link uses.
 */
import type { Clock } from '../../ports/clock.ts';
import type { Randomness } from '../../ports/randomness.ts';
import type { HrExportRow, Reconciliations } from '../../ports/records/reconciliations.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { ConfigInvalidError, ReconciliationNotAwaitingApprovalError } from '../errors.ts';
import type { ReconciliationMode } from '../model/reconciliation-vocabulary.ts';

export async function requestReconciliation(
  request: { mode: ReconciliationMode; by: string; hrExport?: readonly HrExportRow[] },
  deps: {
    workflow: WorkflowEngine;
    clock: Clock;
    randomness: Randomness;
    reconciliations: Pick<Reconciliations, 'putHrExport'>;
    stateMachineArn: string | null;
  },
): Promise<{ id: string }> {
  if (!deps.stateMachineArn) {
    throw new ConfigInvalidError(
      'The reconciliation state machine is not configured (LANYARD_RECONCILIATION_STATE_MACHINE_ARN): deploy the stack again or start Lanyard with npm start',
    );
  }
  const id = `recon-${deps.clock.now().toISOString().slice(0, 10)}-${deps.randomness.uuid().slice(0, 8)}`;
  // The export goes to the records table under the new id first: the execution input carries only
  // its row count, so an export of any allowed size stays far below Step Functions' 256 KB.
  const hrExport = request.hrExport ?? [];
  if (hrExport.length > 0) await deps.reconciliations.putHrExport(id, hrExport);
  await deps.workflow.startExecution(deps.stateMachineArn, id, {
    mode: request.mode,
    requestedBy: `admin:${request.by}`,
    hrExportRows: hrExport.length > 0 ? hrExport.length : null,
  });
  return { id };
}

/** Leaves findings unfixed in a reconciliation awaiting approval; answers which were dropped and which were not open. */
export async function dropFixes(
  reconciliationId: string,
  findingIds: string[],
  by: string,
  deps: { reconciliations: Reconciliations },
): Promise<{ dropped: string[]; notOpen: string[] }> {
  const stored = await deps.reconciliations.getReconciliation(reconciliationId);
  if (stored === null || stored.status !== 'awaiting-approval') {
    throw new ReconciliationNotAwaitingApprovalError(
      stored === null
        ? `Reconciliation ${reconciliationId} does not exist`
        : `Reconciliation ${reconciliationId} is ${stored.status}: fixes can be dropped only while it awaits approval`,
    );
  }
  const dropped: string[] = [];
  const notOpen: string[] = [];
  for (const findingId of findingIds) {
    const moved = await deps.reconciliations.setFindingState(
      reconciliationId,
      findingId,
      { state: 'dropped', result: `left alone by ${by}` },
      ['open'],
    );
    (moved ? dropped : notOpen).push(findingId);
  }
  return { dropped, notOpen };
}

/**
 * What the reconciliation core's unit tests share: its deps in memory (records, Trello's members,
 * the IdP, the bus the fixes' HR events go on, the notifier) and a reconciliation begun in them.
 */
import type { LifecycleEventDetail } from '../../functions/contracts/hr-event.ts';
import { DEFAULT_GUARD, type MassChangeGuardSettings } from '../../functions/core/guard/mass-change-guard.ts';
import type { ReconciliationMode } from '../../functions/core/model/reconciliation-vocabulary.ts';
import type {
  ReconciliationContext,
  ReconciliationDeps,
} from '../../functions/core/reconciliation/reconciliation-deps.ts';
import { reconciliationRunId } from '../../functions/core/reconciliation/reconciliation-ids.ts';
import type { TrelloAdmin } from '../../functions/ports/trello-admin.ts';
import { InMemoryIdp } from './fakes/in-memory-idp.ts';
import { type InMemoryRecords, inMemoryRecords } from './fakes/in-memory-records.ts';
import { InMemoryTrelloMembers } from './fakes/in-memory-trello-members.ts';
import { RecordingNotifier } from './fakes/recording-notifier.ts';
import { RecordingWorkflowEngine } from './fakes/recording-workflow-engine.ts';
import { fixedClock, NOW } from './run-builders.ts';

export const RECONCILIATION_ID = 'recon-1';

/** The context every reconciliation step carries, of a reconciliation in `mode`. */
export function aReconciliation(
  mode: ReconciliationMode = 'report',
  overrides: Partial<ReconciliationContext> = {},
): ReconciliationContext {
  return {
    reconciliationId: RECONCILIATION_ID,
    runId: reconciliationRunId(RECONCILIATION_ID),
    mode,
    requestedBy: 'admin:it@example.com',
    hrExportRows: null,
    ...overrides,
  };
}

/**
 * Empty records with the reconciliation begun (its record, `seatsBefore` seats in use), Trello's
 * members and the IdP empty; `idp: false` configures no IdP.
 */
export async function reconciliationDeps(
  options: {
    reconciliation?: ReconciliationContext;
    idp?: boolean;
    seatsBefore?: number;
    massChangeGuard?: MassChangeGuardSettings;
  } = {},
) {
  const reconciliation = options.reconciliation ?? aReconciliation();
  const records = inMemoryRecords(() => new Date(NOW));
  const trello = new InMemoryTrelloMembers();
  trello.maxSeats = null;
  const idp = new InMemoryIdp();
  const notifier = new RecordingNotifier();
  const published: LifecycleEventDetail[] = [];
  const deps: ReconciliationDeps = {
    ...records,
    clock: fixedClock(),
    // The reconciliation's steps use only the members query, seats and licensing of TrelloAdmin.
    trello: trello as Partial<TrelloAdmin> as TrelloAdmin,
    idp: options.idp === false ? null : idp,
    notifier,
    workflow: new RecordingWorkflowEngine(),
    publisher: {
      async publish(event) {
        published.push(event);
      },
    },
    reconciliation: {
      approvalTimeoutHours: 72,
      consoleUrl: null,
      massChangeGuard: options.massChangeGuard ?? DEFAULT_GUARD,
    },
  };
  await records.reconciliations.createReconciliation({
    reconciliationId: reconciliation.reconciliationId,
    mode: reconciliation.mode,
    requestedBy: reconciliation.requestedBy,
    status: 'reading',
    startedAt: NOW,
    finishedAt: null,
    seatsBefore: options.seatsBefore ?? 1000,
    hrExportRows: reconciliation.hrExportRows,
  });
  return { reconciliation, deps, records, trello, idp, notifier, published };
}

/** The reconciliation's findings as `<kind>/<fix>/<state> <subject>`, sorted (the subject: employee id, else member id). */
export async function findingsOf(records: InMemoryRecords): Promise<string[]> {
  const page = await records.reconciliations.listFindings(RECONCILIATION_ID, {});
  return page.items.map((f) => `${f.kind}/${f.fix}/${f.state} ${f.employeeId ?? f.memberId}`).sort();
}

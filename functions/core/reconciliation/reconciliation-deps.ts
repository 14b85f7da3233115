import type { EventPublisher } from '../../ports/event-publisher.ts';
import type { IdentityProvider } from '../../ports/identity-provider.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import type { MassChangeGuardSettings } from '../guard/mass-change-guard.ts';
import type { ReconciliationMode } from '../model/reconciliation-vocabulary.ts';
import type { StepDeps } from '../run-context.ts';

/** Reconciliation policy, from config (functions/composition/config.ts). */
export interface ReconciliationSettings {
  approvalTimeoutHours: number;
  consoleUrl: string | null;
  /** Past its batch limit an auto reconciliation's fixes wait for an approval (core/guard). */
  massChangeGuard: MassChangeGuardSettings;
}

/** The reconciliation use cases' dependencies, with the record ports `R` each names (every one unless named). */
export type ReconciliationDeps<R extends RecordPortName = RecordPortName> = ReconciliationParts & StepDeps<R>;

interface ReconciliationParts {
  trello: TrelloAdmin;
  /** Null when no IdP is configured: the sign-in findings are then not looked for. */
  idp: IdentityProvider | null;
  notifier: Notifier;
  workflow: WorkflowEngine;
  /** Puts the HR events of the fixes (offboarding, onboarding) on the lifecycle bus. */
  publisher: EventPublisher;
  reconciliation: ReconciliationSettings;
}

/** What every reconciliation step carries (small: ids, never the findings). */
export interface ReconciliationContext {
  reconciliationId: string;
  runId: string;
  mode: ReconciliationMode;
  requestedBy: string;
  /** Rows of the HR export it compares against (stored under it, never carried); null: none. */
  hrExportRows: number | null;
}

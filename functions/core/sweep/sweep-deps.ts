import type { Notifier } from '../../ports/notifier.ts';
import type { PersonMailer } from '../../ports/person-mailer.ts';
import type { RecordPortName } from '../../ports/records/record-ports.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import type { MassChangeGuardSettings } from '../guard/mass-change-guard.ts';
import type { SweepMode } from '../model/sweep-vocabulary.ts';
import type { StepDeps } from '../run-context.ts';

/** Sweep policy, from config (functions/composition/config.ts). */
export interface SweepSettings {
  inactiveDays: number;
  graceDays: number;
  /** Lower-case emails never reclaimed. */
  allowList: string[];
  /** Days an ask-first sweep gives each idle member to answer. */
  answerDays: number;
  approvalTimeoutHours: number;
  consoleUrl: string | null;
  /** Past its reclaim limit an auto or ask-first sweep waits for an approval (core/guard). */
  massChangeGuard: MassChangeGuardSettings;
}

/** The sweep use cases' dependencies, with the record ports `R` each names (every one unless named). */
export type SweepDeps<R extends RecordPortName = RecordPortName> = SweepParts & StepDeps<R>;

interface SweepParts {
  trello: TrelloAdmin;
  notifier: Notifier;
  /** Null when no sender is configured: ask-first sweeps are then refused. */
  mailer: PersonMailer | null;
  workflow: WorkflowEngine;
  sweepSettings: SweepSettings;
}

/** What every sweep step carries (small: ids and settings, never the member list). */
export interface SweepContext {
  sweepId: string;
  runId: string;
  mode: SweepMode;
  dryRun: boolean;
  inactiveSince: string;
  requestedBy: string;
  /** Ask-first sweeps: when the idle members' answers are due (ISO instant); null otherwise. */
  answerBy: string | null;
}

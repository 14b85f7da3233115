/** Workflow runs (DESIGN.md "Records": `RUN#<runId>`): kind, person, status, steps, outcome, access cuts. */
import type { AccessCut } from '../../core/model/access-cuts.ts';
import type { RunKind, RunStatus } from '../../core/model/run-statuses.ts';
import type { Page } from './page.ts';

export interface RunStep {
  /** The step id (`grant-seat`), as in infra/step-catalog.ts. */
  step: string;
  at: string;
  result: 'done' | 'skipped' | 'planned' | 'failed';
  detail: string;
}

/**
 * One access cut of an offboarding run: when it became due, how often it failed, and when it was
 * read back. `done`: read back; `refused`: the other side will not do it and a person must act
 * (AdminHub, no such user); `gave-up`: Lanyard stopped trying after its keep-trying window.
 */
export interface CutProgress {
  state: 'trying' | 'done' | 'refused' | 'gave-up';
  /** The termination's `effectiveAt`, as HR sent it. */
  effectiveAt: string;
  /** When Lanyard could first act: `effectiveAt`, or when the event arrived if that was later. */
  dueAt: string;
  /** The SLO this cut is held to, in seconds from `dueAt`. */
  sloSeconds: number;
  /** Failed attempts so far. */
  attempts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  /** When the cut was read back (done) or found impossible (refused, gave up). */
  endedAt: string | null;
  /** `endedAt − dueAt` once done, in seconds. */
  seconds: number | null;
  /** Set once, when admins were told the cut is past its SLO. */
  lateNotifiedAt: string | null;
  /** How it ended, in words (e.g. "no Trello account", "AdminHub refused"). */
  detail: string | null;
  /** Optimistic-concurrency counter of this entry. */
  rev: number;
}

export interface RunRecord {
  runId: string;
  kind: RunKind;
  employeeId: string | null;
  /** The Step Functions execution that owns the run; a second execution for the same run is a duplicate. */
  executionName: string;
  eventId: string | null;
  status: RunStatus;
  /** Short machine-readable result, e.g. `licensed`, `invited`, `not-provisioned:rejected`. */
  outcome: string | null;
  /** What an admin reads: the run's story in one sentence. */
  summary: string | null;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  steps: RunStep[];
  /**
   * Earlier executions of this run (interrupted by a restart, or ended and retried by an admin),
   * oldest first, each with the steps it recorded: `steps` are only those of the current one.
   */
  earlierAttempts?: EarlierAttempt[];
  /** The HR event the run was started for (validated again where it is read: a retry starts it again). */
  event?: unknown;
  /** Offboarding runs: each access cut's progress and time to cut (absent until it starts). */
  cuts?: Partial<Record<AccessCut, CutProgress>>;
}

/** A new execution taking a run over (restartRun). */
export interface RunRestart {
  executionName: string;
  /** The execution that must still own the run for the takeover to happen. */
  expectedExecutionName: string;
  /** The statuses the run may be in. */
  from: readonly RunStatus[];
  /** `restart`, or `admin:<who>` for a retry. */
  by: string;
  at: string;
}

/**
 * The condition of a guarded finishRun: the run is finished only while it is in one of `from` and
 * still owned by `executionName` (a run an admin retried meanwhile belongs to another execution).
 */
export interface RunFinishGuard {
  from: readonly RunStatus[];
  executionName: string;
}

export interface EarlierAttempt {
  executionName: string;
  /** How it ended: `interrupted` (a restart ran the run again) or its final status and outcome. */
  endedAs: string;
  /** When the next execution took over. */
  supersededAt: string;
  /** Who started the next one: `restart`, or `admin:<who>` for a retry. */
  by: string;
  steps: RunStep[];
  /** Its access cuts (offboarding), as they stood. */
  cuts?: Partial<Record<AccessCut, CutProgress>>;
}

export interface Runs {
  createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }>;
  getRun(runId: string): Promise<RunRecord | null>;
  /**
   * Moves a run between `running` and `waiting-approval`, only from `from` (a finished run is never
   * moved back). False when it was not in `from`.
   */
  setRunWaiting(
    runId: string,
    to: 'running' | 'waiting-approval',
    from: 'running' | 'waiting-approval',
  ): Promise<boolean>;
  /**
   * A new execution takes the run over: the current steps move to `earlierAttempts` (never
   * deleted) and the run is `running` again under `executionName`. Only when the run is in one of
   * `from` and still owned by `expectedExecutionName`; returns the run as stored then, or null
   * when it was not (someone else took it, or its status changed).
   */
  restartRun(runId: string, next: RunRestart): Promise<RunRecord | null>;
  /**
   * Appends a step, replacing an earlier entry for the same step name (a re-run converges, it does
   * not pile up). Answers the run's status as the write left it (from the write's own answer).
   */
  recordRunStep(runId: string, step: RunStep): Promise<RunStatus>;
  /**
   * Moves the run to its end. With `only`, one conditional write: the run is finished only while
   * `only` holds, and null is returned when it did not (nothing written); without it, always.
   */
  finishRun(
    runId: string,
    end: { status: RunStatus; outcome: string; summary: string; finishedAt: string | null },
    only?: RunFinishGuard,
  ): Promise<RunRecord | null>;
  /**
   * Changes one access cut of a run: `change` gets the stored entry (null when none) and returns
   * the new one; a concurrent change makes it read again. Returns the entry before and after.
   */
  updateRunCut(
    runId: string,
    cut: AccessCut,
    change: (current: CutProgress | null) => Omit<CutProgress, 'rev'>,
  ): Promise<{ before: CutProgress | null; after: CutProgress }>;
  listRuns(filter: {
    status?: RunStatus;
    employeeId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<RunRecord>>;
}

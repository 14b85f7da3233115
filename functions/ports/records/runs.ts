/** Workflow runs (DESIGN.md "Records": `RUN#<runId>`): kind, person, status, steps, outcome, access cuts. */
import type { CutProgress, EarlierAttempt, RunRecord, RunStep } from '../../contracts/records/runs.ts';
import type { AccessCut } from '../../core/model/access-cuts.ts';
import type { RunStatus } from '../../core/model/run-statuses.ts';
import type { Page } from './page.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type { CutProgress, EarlierAttempt, RunRecord, RunStep };

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

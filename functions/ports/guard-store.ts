/**
 * The mass-change guard's records (functions/core/guard): how many changes of a kind came in the
 * sliding window, and the quarantine batches holding the ones past the threshold until an admin
 * decides. Single-item conditional writes only, like every record.
 */
import {
  type HeldRun,
  type HoldDecision,
  HoldDecisions,
  type QuarantineBatch,
} from '../contracts/records/guard.ts';
import type { GuardKind } from '../core/guard/mass-change-guard.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export { type HeldRun, type HoldDecision, HoldDecisions, type QuarantineBatch };

export interface GuardStore {
  /**
   * Counts one change of `kind` (once per `changeId`, however often it is asked) and answers its
   * position among the changes counted within `windowMinutes` up to `at`, itself included.
   */
  countChange(kind: GuardKind, changeId: string, at: string, windowMinutes: number): Promise<number>;
  /** Changes counted per hour since `sinceAt` (one number per hour that had any). */
  hourlyCounts(kind: GuardKind, sinceAt: string): Promise<number[]>;
  /**
   * Puts the run in the kind's open batch (opening one when there is none, or the open one was
   * decided meanwhile); `opened` is true for the run that opened it. Holding the same run again
   * answers its existing place.
   */
  hold(
    kind: GuardKind,
    run: Omit<HeldRun, 'batchId' | 'decision' | 'decidedBy' | 'decidedAt'>,
    batch: { windowMinutes: number; limit: number },
  ): Promise<{ held: HeldRun; opened: boolean }>;
  /** The run's place in a batch, if it was ever held. */
  heldRun(runId: string): Promise<HeldRun | null>;
  /** Stores the task token of the workflow waiting on the held run; false when it was decided already. */
  setHoldToken(runId: string, taskToken: string): Promise<boolean>;
  holdToken(runId: string): Promise<string | null>;
  getBatch(batchId: string): Promise<QuarantineBatch | null>;
  listBatches(): Promise<QuarantineBatch[]>;
  batchRuns(batchId: string): Promise<HeldRun[]>;
  /** Ends the batch's admissions: runs held after this open a new batch. False when already decided. */
  closeBatch(batchId: string, at: string): Promise<boolean>;
  /** Records the decision on a pending run; false when it was decided already (nothing changed). */
  decide(runId: string, decision: 'released' | 'discarded', by: string, at: string): Promise<boolean>;
}

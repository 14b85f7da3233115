/**
 * Workflow runs (DESIGN.md "Records": `RUN#<runId>`): the single source of their shapes. The
 * records port, the DynamoDB adapter (which stores steps and cuts in its own layout) and the admin
 * API derive from these schemas.
 */
import * as z from 'zod';
import { RunKinds, RunStatuses } from '../../core/model/run-statuses.ts';
import { Instant } from './instant.ts';

export const RunStep = z.object({
  /** The step id (`grant-seat`), as in infra/step-catalog.ts. */
  step: z.string(),
  at: Instant,
  result: z.enum(['done', 'skipped', 'planned', 'failed']),
  detail: z.string(),
});
export type RunStep = z.infer<typeof RunStep>;

/**
 * One access cut of an offboarding run: when it became due, how often it failed, and when it was
 * read back. `done`: read back; `refused`: the other side will not do it and a person must act
 * (AdminHub, no such user); `gave-up`: Lanyard stopped trying after its keep-trying window.
 */
export const CutProgress = z.object({
  state: z.enum(['trying', 'done', 'refused', 'gave-up']),
  /** The termination's `effectiveAt`, as HR sent it. */
  effectiveAt: Instant,
  /** When Lanyard could first act: `effectiveAt`, or when the event arrived if that was later. */
  dueAt: Instant,
  /** The SLO this cut is held to, in seconds from `dueAt`. */
  sloSeconds: z.number(),
  /** Failed attempts so far. */
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorAt: Instant.nullable(),
  /** When the cut was read back (done) or found impossible (refused, gave up). */
  endedAt: Instant.nullable(),
  /** `endedAt − dueAt` once done, in seconds. */
  seconds: z.number().nullable(),
  /** Set once, when admins were told the cut is past its SLO. */
  lateNotifiedAt: Instant.nullable(),
  /** How it ended, in words (e.g. "no Trello account", "AdminHub refused"). */
  detail: z.string().nullable(),
  /** Optimistic-concurrency counter of this entry (internal: the admin API leaves it out). */
  rev: z.number().int(),
});
export type CutProgress = z.infer<typeof CutProgress>;

/** An offboarding's access cuts, one per AccessCut (core/model/access-cuts.ts); absent until it starts. */
export const RunCuts = z.object({ trello: CutProgress.optional(), idp: CutProgress.optional() });

export const EarlierAttempt = z.object({
  executionName: z.string(),
  /** How it ended: `interrupted` (a restart ran the run again) or its final status and outcome. */
  endedAs: z.string(),
  /** When the next execution took over. */
  supersededAt: Instant,
  /** Who started the next one: `restart`, or `admin:<who>` for a retry. */
  by: z.string(),
  steps: z.array(RunStep),
  /** Its access cuts (offboarding), as they stood. */
  cuts: RunCuts.optional(),
});
export type EarlierAttempt = z.infer<typeof EarlierAttempt>;

export const RunRecord = z.object({
  runId: z.string(),
  kind: z.enum(RunKinds),
  employeeId: z.string().nullable(),
  /** The Step Functions execution that owns the run; a second execution for the same run is a duplicate. */
  executionName: z.string(),
  eventId: z.string().nullable(),
  status: z.enum(RunStatuses),
  /** Short machine-readable result, e.g. `licensed`, `invited`, `not-provisioned:rejected`. */
  outcome: z.string().nullable(),
  /** What an admin reads: the run's story in one sentence. */
  summary: z.string().nullable(),
  dryRun: z.boolean(),
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  steps: z.array(RunStep),
  /** Offboarding runs: each access cut's progress and time to cut (absent until it starts). */
  cuts: RunCuts.optional(),
  /**
   * Earlier executions of this run (interrupted by a restart, or ended and retried by an admin),
   * oldest first, each with the steps it recorded: `steps` are only those of the current one.
   */
  earlierAttempts: z.array(EarlierAttempt).optional(),
  /**
   * The HR event the run was started for, as it arrived (validated again where it is read: a retry
   * starts it again). Internal: the admin API does not document it.
   */
  event: z.unknown().optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** Payloads and results of the idle-seat sweep steps. */
import * as z from 'zod';
import { SweepModes } from '../core/model/sweep-vocabulary.ts';

export const SweepRequest = z.object({
  mode: z.enum(SweepModes).default('report'),
  dryRun: z.boolean().default(false),
  requestedBy: z.string().min(1).default('schedule'),
});

export const SweepContext = z.object({
  sweepId: z.string().min(1),
  runId: z.string().min(1),
  mode: z.enum(SweepModes),
  dryRun: z.boolean(),
  inactiveSince: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  requestedBy: z.string().min(1),
  /** Ask-first sweeps: when the idle members' answers are due (ISO instant); null otherwise. */
  answerBy: z.iso.datetime().nullable(),
});

export const BeginSweepInput = z.object({ request: SweepRequest, executionName: z.string().min(1) });
export const BeginSweepOutput = z.object({ sweep: SweepContext, proceed: z.boolean() });

/** The page-loop steps (List Idle Members, Reclaim Seats) take Trello's cursor and hand back the next. */
export const SweepPageInput = z.object({ sweep: SweepContext, cursor: z.string().nullable() });
export const ListIdleOutput = z.object({
  cursor: z.string().nullable(),
  done: z.boolean(),
  listed: z.number().int(),
});
export const ReclaimPageOutput = z.object({
  cursor: z.string().nullable(),
  done: z.boolean(),
  reclaimed: z.number().int(),
});

export const AskIdleOutput = z.object({
  cursor: z.string().nullable(),
  done: z.boolean(),
  asked: z.number().int(),
});

export const SweepOnly = z.object({ sweep: SweepContext });
export const RecheckOutput = z.object({ done: z.boolean(), reclaimed: z.number().int() });

export const GuardReclaimsOutput = z.object({ held: z.boolean(), candidates: z.number().int() });

export const AskSweepApprovalInput = z.object({ sweep: SweepContext, taskToken: z.string().min(1) });
export const AskSweepApprovalOutput = z.object({
  approvalId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
});

export const FinishSweepInput = z.object({
  sweep: SweepContext,
  end: z.union([
    z.object({ decision: z.enum(['report', 'reclaimed']) }),
    z.object({ Error: z.string(), Cause: z.string().nullish() }),
  ]),
});
export const FinishSweepOutput = z.object({
  status: z.enum(['succeeded', 'not-provisioned', 'failed']),
  outcome: z.string(),
  failed: z.boolean(),
});

/** Payloads and results of the drift reconciliation steps. */
import * as z from 'zod';
import { PeoplePasses } from '../core/model/reconciliation-passes.ts';
import { ReconciliationModes } from '../core/model/reconciliation-vocabulary.ts';

/** Rows of an HR export stored under the reconciliation before it started (its input carries only the count). */
const HrExportRows = z.number().int().min(1).nullable().default(null);

export const ReconciliationRequest = z.object({
  mode: z.enum(ReconciliationModes).default('report'),
  requestedBy: z.string().min(1).default('schedule'),
  hrExportRows: HrExportRows,
});

export const ReconciliationContext = z.object({
  reconciliationId: z.string().min(1),
  runId: z.string().min(1),
  mode: z.enum(ReconciliationModes),
  requestedBy: z.string().min(1),
  hrExportRows: HrExportRows,
});

export const BeginReconciliationInput = z.object({
  request: ReconciliationRequest,
  executionName: z.string().min(1),
});
export const BeginReconciliationOutput = z.object({
  reconciliation: ReconciliationContext,
  proceed: z.boolean(),
});

export const ReconciliationOnly = z.object({ reconciliation: ReconciliationContext });

/** Where one pass of the members query is: Trello's cursor within it, and whether it ended. */
const TrelloPassAt = z.object({ cursor: z.string().nullable(), done: z.boolean() });

/** Read Trello Members: where each pass of the members query is (both are walked at once). */
export const ReadTrelloInput = z.object({
  reconciliation: ReconciliationContext,
  licensed: TrelloPassAt,
  deactivated: TrelloPassAt,
});
export const ReadTrelloOutput = z.object({
  licensed: TrelloPassAt,
  deactivated: TrelloPassAt,
  /** Both passes ended. */
  done: z.boolean(),
  read: z.number().int(),
});

export const CheckPeopleInput = z.object({
  reconciliation: ReconciliationContext,
  pass: z.enum(PeoplePasses).default('people'),
  cursor: z.string().nullable(),
});
export const CheckPeopleOutput = z.object({
  pass: z.enum(PeoplePasses),
  cursor: z.string().nullable(),
  done: z.boolean(),
  checked: z.number().int(),
});

/** `fixes`: the open findings to fix; null in `report` mode, which counts none (it fixes none). */
export const PlanFixesOutput = z.object({
  next: z.enum(['report', 'ask', 'fix']),
  fixes: z.number().int().nullable(),
});

export const AskFixApprovalInput = z.object({
  reconciliation: ReconciliationContext,
  taskToken: z.string().min(1),
});
export const AskFixApprovalOutput = z.object({
  approvalId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
});

export const ApplyFixesOutput = z.object({ done: z.boolean(), fixed: z.number().int() });

export const FinishReconciliationInput = z.object({
  reconciliation: ReconciliationContext,
  end: z.union([
    z.object({ decision: z.enum(['report', 'fixed']) }),
    z.object({ Error: z.string(), Cause: z.string().nullish() }),
  ]),
});
export const FinishReconciliationOutput = z.object({
  status: z.enum(['succeeded', 'not-provisioned', 'failed']),
  outcome: z.string(),
  failed: z.boolean(),
});

import * as z from 'zod';
import {
  FindingEvidence,
  ReconciliationFinding,
  ReconciliationRecord,
} from '../../../contracts/records/reconciliations.ts';
import { listRunsOfKind } from '../../../core/admin/list-sweeps.ts';
import {
  FindingKinds,
  FindingStates,
  ReconciliationModes,
} from '../../../core/model/reconciliation-vocabulary.ts';
import { RunStatuses } from '../../../core/model/run-statuses.ts';
import {
  HR_EXPORT_COLUMNS,
  MAX_HR_EXPORT_BYTES,
  MAX_HR_EXPORT_ROWS,
  parseHrExport,
} from '../../../core/reconciliation/parse-hr-export.ts';
import { fixApprovalId, reconciliationRunId } from '../../../core/reconciliation/reconciliation-ids.ts';
import { dropFixes, requestReconciliation } from '../../../core/reconciliation/request-reconciliation.ts';
import type { HrExportRow } from '../../../ports/records/reconciliations.ts';
import type { AdminApp } from '../admin-app.ts';
import { Approval, Cursor, ErrorBody, ImportRefusal, Limit } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';
import { createRoute, json } from '../openapi-zod.ts';

const ReconciliationFields = ReconciliationRecord.extend({
  hrExportRows: ReconciliationRecord.shape.hrExportRows.meta({
    description: 'Rows of the HR export it compared against; null: none given',
  }),
});

const evidence = FindingEvidence.shape;

export const Finding = ReconciliationFinding.extend({
  evidence: FindingEvidence.extend({
    lanyardSays: evidence.lanyardSays.meta({ description: "What Lanyard's people record says" }),
    trelloSays: evidence.trelloSays.meta({ description: "What Trello's members query says" }),
    idpSays: evidence.idpSays.meta({ description: 'What the identity provider says; null: not asked' }),
    hrSays: evidence.hrSays.meta({
      description: 'What the HR export says; null: no export given, or not its finding',
    }),
  }).openapi('FindingEvidence'),
  fix: ReconciliationFinding.shape.fix.meta({
    description:
      'The suggested fix: start an offboarding or an onboarding, reclaim the seat, or none (a person must look)',
  }),
}).openapi('ReconciliationFinding');

export const Reconciliation = ReconciliationFields.extend({
  runStatus: z.enum(RunStatuses).nullable(),
  outcome: z.string().nullable(),
  summary: z.string().nullable(),
  counts: z.object({
    byKind: z.record(z.enum(FindingKinds), z.number().int()),
    byState: z.record(z.enum(FindingStates), z.number().int()),
  }),
  approval: Approval.nullable().openapi({
    description: 'The approval of the fixes; null when none was asked',
  }),
  findings: z.array(Finding),
  nextCursor: z.string().nullable(),
}).openapi('Reconciliation');

export const ReconciliationListItem = ReconciliationFields.extend({
  runStatus: z.enum(RunStatuses),
  outcome: z.string().nullable(),
  summary: z.string().nullable(),
}).openapi('ReconciliationListItem');

const ReconciliationId = z.object({ id: z.string().min(1).max(200) });

const list = createRoute({
  method: 'get',
  path: '/admin/reconciliations',
  summary: 'Drift reconciliations, newest first',
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: Cursor }),
  },
  responses: {
    200: json(
      z
        .object({ items: z.array(ReconciliationListItem), nextCursor: z.string().nullable() })
        .openapi('ReconciliationPage'),
      'A page of reconciliations',
    ),
    400: json(ErrorBody, 'Invalid request'),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

const start = createRoute({
  method: 'post',
  path: '/admin/reconciliations',
  summary:
    "Starts a drift reconciliation now, as the caller: Lanyard's records (and an HR export, if given) against Trello and the IdP",
  description:
    '`report` (default) records the findings with their evidence and changes nothing; `approve` asks one approval for the suggested fixes (drop any first with /drop); `auto` applies them unless the mass-change guard holds the batch for that approval.',
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .strictObject({
              mode: z.enum(ReconciliationModes).default('report'),
              hrExport: z
                .string()
                .optional()
                .openapi({
                  description: `Optional: an HR export as CSV text, taken as HR's truth — columns ${HR_EXPORT_COLUMNS.join(', ')} (employeeId, email and status required; status active, on-leave or terminated; dates YYYY-MM-DD), at most ${MAX_HR_EXPORT_ROWS} rows and ${MAX_HR_EXPORT_BYTES / 1024 / 1024} MB. Every row is checked first: one bad row refuses it (400, each bad row with its line) and nothing starts.`,
                }),
            })
            .openapi('ReconciliationRequest'),
        },
      },
    },
  },
  responses: {
    202: json(z.object({ id: z.string() }), 'Started: follow it at GET /admin/reconciliations/{id}'),
    400: json(
      ErrorBody.extend({ rows: ImportRefusal.shape.rows.optional() }).openapi('ReconciliationRefusal'),
      'Invalid request, or an HR export with bad rows (`rows`: each with its line and what is wrong)',
    ),
    401: json(ErrorBody, 'Not authenticated'),
    413: json(ErrorBody, 'The HR export is too large'),
  },
});

const get = createRoute({
  method: 'get',
  path: '/admin/reconciliations/{id}',
  summary: 'A reconciliation: its status, counts by kind and state, and its findings with evidence (paged)',
  request: {
    params: ReconciliationId,
    query: z.object({ state: z.enum(FindingStates).optional(), limit: Limit, cursor: Cursor }),
  },
  responses: {
    200: json(Reconciliation, 'The reconciliation'),
    401: json(ErrorBody, 'Not authenticated'),
    404: json(ErrorBody, 'No such reconciliation'),
  },
});

const drop = createRoute({
  method: 'post',
  path: '/admin/reconciliations/{id}/drop',
  summary: 'Leaves findings unfixed in a reconciliation awaiting approval (then approve the rest)',
  request: {
    params: ReconciliationId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({ findingIds: z.array(z.string().min(1)).min(1).max(1000) }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ dropped: z.array(z.string()), notOpen: z.array(z.string()) }), 'Dropped'),
    401: json(ErrorBody, 'Not authenticated'),
    409: json(ErrorBody, 'The reconciliation is not awaiting approval'),
  },
});

export function registerReconciliationRoutes(app: AdminApp): void {
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const { reconciliations } = c.var.deps;
    const { runs, nextCursor } = await listRunsOfKind(
      'reconciliation',
      { limit, cursor: cursor ?? null },
      c.var.deps,
    );
    const stored = await Promise.all(runs.map((run) => reconciliations.getReconciliation(run.executionName)));
    const items = runs.flatMap((run, i) => {
      const reconciliation = stored[i];
      return reconciliation
        ? [{ ...reconciliation, runStatus: run.status, outcome: run.outcome, summary: run.summary }]
        : [];
    });
    return c.json({ items, nextCursor }, 200);
  });
  app.openapi(start, async (c) => {
    const body = (c.req.valid('json') as
      | { mode: (typeof ReconciliationModes)[number]; hrExport?: string }
      | undefined) ?? { mode: 'report' as const };
    const { workflow, clock, randomness, config, reconciliations } = c.var.deps;
    let hrExport: HrExportRow[] = [];
    if (body.hrExport !== undefined) {
      if (Buffer.byteLength(body.hrExport, 'utf8') > MAX_HR_EXPORT_BYTES) {
        return c.json(
          {
            error: 'too-large',
            message: `An HR export is at most ${MAX_HR_EXPORT_BYTES / 1024 / 1024} MB (${MAX_HR_EXPORT_ROWS} rows); send the people of one part of the company at a time`,
          },
          413,
        );
      }
      const parsed = parseHrExport(body.hrExport);
      if (!parsed.ok)
        return c.json({ error: 'invalid-hr-export', message: parsed.message, rows: parsed.rows }, 400);
      hrExport = parsed.rows;
    }
    const started = await requestReconciliation(
      { mode: body.mode, by: c.var.caller.id, hrExport },
      {
        workflow,
        clock,
        randomness,
        reconciliations,
        stateMachineArn: config.reconciliation.stateMachineArn,
      },
    );
    return c.json(started, 202);
  });
  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const { state, limit, cursor } = c.req.valid('query');
    const { reconciliations, approvals, runs } = c.var.deps;
    const reconciliation = await reconciliations.getReconciliation(id);
    if (reconciliation === null)
      throw new HttpProblem(
        404,
        'not-found',
        `Reconciliation ${id} does not exist: start one with POST /admin/reconciliations or lanyard reconcile`,
      );
    const [page, counts, approval, run] = await Promise.all([
      reconciliations.listFindings(id, { state, limit, cursor }),
      reconciliations.countFindings(id),
      approvals.getApproval(fixApprovalId(id)),
      runs.getRun(reconciliationRunId(id)),
    ]);
    return c.json(
      {
        ...reconciliation,
        runStatus: run?.status ?? null,
        outcome: run?.outcome ?? null,
        summary: run?.summary ?? null,
        counts,
        approval,
        findings: page.items,
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
  app.openapi(drop, async (c) => {
    const { id } = c.req.valid('param');
    const { findingIds } = c.req.valid('json');
    return c.json(await dropFixes(id, findingIds, c.var.caller.id, c.var.deps), 200);
  });
}

import * as z from 'zod';
import { applyConsolidation, previewConsolidation } from '../../../core/admin/consolidation.ts';
import type { AdminApp } from '../admin-app.ts';
import { BulkStatus, BulkStatusCounts, ErrorBody } from '../admin-schemas.ts';
import { createRoute, json } from '../openapi-zod.ts';

/** One Workspace of a consolidation, with its bulk status (`planned` only in a dry run). */
const ConsolidationRowResult = z
  .object({
    workspaceId: z.string(),
    result: z.enum(['transferred', 'planned', 'failed']),
    detail: z.string(),
    status: z.union([BulkStatus, z.literal('planned')]),
    reason: z.string().optional(),
  })
  .openapi('ConsolidationRowResult');

const Candidate = z.object({
  workspaceId: z.string(),
  displayName: z.string(),
  source: z.enum(['claimable', 'pending']),
  members: z.number().int(),
  seatsNeeded: z.number().int(),
  transferrable: z.boolean(),
  lastActiveAt: z.string().nullable(),
});

const preview = createRoute({
  method: 'get',
  path: '/admin/consolidation',
  summary: 'Workspaces the Enterprise could bring in (claimable and pending), with the seats each would take',
  responses: {
    200: json(
      z
        .object({
          available: z.number().int().nullable(),
          seatsNeeded: z.number().int(),
          workspaces: z.array(Candidate),
        })
        .openapi('ConsolidationPreview'),
      'The preview',
    ),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

const apply = createRoute({
  method: 'post',
  path: '/admin/consolidation',
  summary:
    'Brings the chosen Workspaces into the Enterprise (their members are licensed while seats last), as the caller',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          // Strict: a misspelt `dryRun` is refused rather than transferring for real.
          schema: z.strictObject({
            workspaceIds: z.array(z.string().min(1)).min(1).max(100),
            dryRun: z.boolean().default(false),
          }),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({
        results: z.array(ConsolidationRowResult),
        statuses: BulkStatusCounts,
        seatsUsedBefore: z.number().int(),
        seatsUsedAfter: z.number().int(),
      }),
      'What was transferred',
    ),
    400: json(ErrorBody, 'A chosen Workspace is not a candidate; nothing was transferred'),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

export function registerConsolidationRoutes(app: AdminApp): void {
  app.openapi(preview, async (c) => c.json(await previewConsolidation(c.var.deps.trello), 200));
  app.openapi(apply, async (c) => {
    const { workspaceIds, dryRun } = c.req.valid('json');
    return c.json(await applyConsolidation({ workspaceIds, dryRun, by: c.var.caller.id }, c.var.deps), 200);
  });
}

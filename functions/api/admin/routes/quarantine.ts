import * as z from 'zod';
import { HeldRun as HeldRunRecord, QuarantineBatch } from '../../../contracts/records/guard.ts';
import { decideQuarantine } from '../../../core/guard/decide-quarantine.ts';
import { quarantinePreview } from '../../../core/guard/mass-change-guard.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';
import { createRoute, json } from '../openapi-zod.ts';

/** A held run as listed under its batch (which names the batch). */
export const HeldRun = HeldRunRecord.omit({ batchId: true }).openapi('HeldRun');

export const Batch = QuarantineBatch.extend({
  pending: z.number(),
  byDepartment: z.array(z.object({ department: z.string(), count: z.number() })),
  byManager: z.array(z.object({ managerEmail: z.string(), count: z.number() })),
  runs: z.array(HeldRun),
}).openapi('QuarantineBatch');

export const QuarantineView = z
  .object({ guard: z.enum(['on', 'off']), batches: z.array(Batch) })
  .openapi('Quarantine');
export const QuarantineDecisionResult = z
  .object({ decided: z.array(z.string()), alreadyDecided: z.array(z.string()), remaining: z.number() })
  .openapi('QuarantineDecisionResult');

const list = createRoute({
  method: 'get',
  path: '/admin/quarantine',
  summary: 'What the mass-change guard holds: the current batch, who is in it, and its decisions',
  responses: {
    200: json(QuarantineView, 'The guard and its batches'),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

const Decision = z
  .object({
    /** Only these departments' people ("(none)" for people without one); absent or empty: the whole batch. */
    departments: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
  })
  .strict()
  .openapi('QuarantineDecision');

const decide = (action: 'release' | 'discard') =>
  createRoute({
    method: 'post',
    path: `/admin/quarantine/{batchId}/${action}`,
    summary:
      action === 'release'
        ? 'Release held terminations: they run at once, fail-closed, their cuts timed from now'
        : 'Discard held terminations: each is recorded as discarded and never applied',
    request: {
      params: z.object({ batchId: z.string().min(1).max(100) }),
      body: { content: { 'application/json': { schema: Decision } }, required: false },
    },
    responses: {
      200: json(
        QuarantineDecisionResult,
        'What was decided now, what had been decided before, and how many still wait',
      ),
      401: json(ErrorBody, 'Not authenticated'),
      404: json(ErrorBody, 'No such batch'),
    },
  });

export function registerQuarantineRoutes(app: AdminApp): void {
  app.openapi(list, async (c) => {
    const { deps } = c.var;
    const batches = await Promise.all(
      (await deps.guard.listBatches()).map(async (batch) => {
        const runs = await deps.guard.batchRuns(batch.batchId);
        const pending = runs.filter((r) => r.decision === 'pending');
        const { byDepartment, byManager } = quarantinePreview(pending);
        return { ...batch, pending: pending.length, byDepartment, byManager, runs };
      }),
    );
    const guard = deps.config.massChangeGuard.mode;
    return c.json({ guard, batches }, 200);
  });
  for (const action of ['release', 'discard'] as const) {
    app.openapi(decide(action), async (c) => {
      const { batchId } = c.req.valid('param');
      const body = (c.req.valid('json') as z.infer<typeof Decision> | undefined) ?? {};
      const answer = await decideQuarantine(
        {
          batchId,
          decision: action === 'release' ? 'released' : 'discarded',
          departments: body.departments ?? null,
          by: c.var.caller.id,
        },
        c.var.deps,
      );
      if (!answer.found) throw new HttpProblem(404, 'not-found', `No quarantine batch ${batchId}`);
      return c.json(
        { decided: answer.decided, alreadyDecided: answer.alreadyDecided, remaining: answer.remaining },
        200,
      );
    });
  }
}

import { createRoute, z } from '@hono/zod-openapi';
import { RunStatuses } from '../../../ports/record-store.ts';
import type { AdminApp } from '../admin-app.ts';
import { Cursor, ErrorBody, Limit, page, Run, RunDetail } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const list = createRoute({
  method: 'get',
  path: '/admin/runs',
  summary: 'Workflow runs, newest first, by status or person',
  request: {
    query: z.object({
      status: z.enum(RunStatuses).optional(),
      employeeId: z.string().min(1).max(128).optional(),
      limit: Limit,
      cursor: Cursor,
    }),
  },
  responses: {
    200: json(page(Run, 'RunPage'), 'A page of runs'),
    400: json(ErrorBody, 'Invalid request'),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

const get = createRoute({
  method: 'get',
  path: '/admin/runs/{runId}',
  summary: 'One run: its steps and every audit entry it wrote',
  request: { params: z.object({ runId: z.string().min(1).max(300) }) },
  responses: {
    200: json(RunDetail, 'The run'),
    401: json(ErrorBody, 'Not authenticated'),
    404: json(ErrorBody, 'No such run'),
  },
});

export function registerRunRoutes(app: AdminApp): void {
  app.openapi(list, async (c) => {
    const filter = c.req.valid('query');
    return c.json(await c.var.deps.records.listRuns(filter), 200);
  });
  app.openapi(get, async (c) => {
    const { runId } = c.req.valid('param');
    const { records } = c.var.deps;
    const run = await records.getRun(runId);
    if (run === null) throw new HttpProblem(404, 'not-found', `Run ${runId} does not exist`);
    const audit = (await records.runAudit(runId)).map((a) => a.entry);
    return c.json({ run, audit }, 200);
  });
}

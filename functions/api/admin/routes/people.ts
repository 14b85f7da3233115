import { createRoute, z } from '@hono/zod-openapi';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody, Person } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';

const get = createRoute({
  method: 'get',
  path: '/admin/people/{employeeId}',
  summary: "A person's profile, HR event history (stale events marked) and most recent runs",
  request: { params: z.object({ employeeId: z.string().min(1).max(128) }) },
  responses: {
    200: { description: 'The person', content: { 'application/json': { schema: Person } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
    404: {
      description: 'Lanyard has no record of them',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

export function registerPeopleRoutes(app: AdminApp): void {
  app.openapi(get, async (c) => {
    const { employeeId } = c.req.valid('param');
    const { records } = c.var.deps;
    const [profile, events, runs] = await Promise.all([
      records.getProfile(employeeId),
      records.listPersonEvents(employeeId),
      records.listRuns({ employeeId, limit: 50 }),
    ]);
    if (profile === null) {
      throw new HttpProblem(
        404,
        'not-found',
        `Lanyard has no record of employee ${employeeId}; records start with their first HR event`,
      );
    }
    return c.json({ profile, events, runs: runs.items }, 200);
  });
}

import { createRoute } from '@hono/zod-openapi';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody, Seats } from '../admin-schemas.ts';

const get = createRoute({
  method: 'get',
  path: '/admin/seats',
  summary: "The Enterprise's license seats, read from Trello now",
  responses: {
    200: { description: 'Seat counts', content: { 'application/json': { schema: Seats } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerSeatRoutes(app: AdminApp): void {
  app.openapi(get, async (c) => {
    const { trello, clock } = c.var.deps;
    const seats = await trello.seats();
    return c.json(
      {
        total: seats.max,
        used: seats.used,
        available: seats.available,
        checkedAt: clock.now().toISOString(),
      },
      200,
    );
  });
}

import type { AdminApp } from '../admin-app.ts';
import { Caller, ErrorBody } from '../admin-schemas.ts';
import { createRoute } from '../openapi-zod.ts';

const whoami = createRoute({
  method: 'get',
  path: '/admin/whoami',
  summary: 'The authenticated caller, as Lanyard records them',
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: Caller } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerWhoamiRoute(app: AdminApp): void {
  app.openapi(whoami, (c) => c.json({ caller: c.var.caller.id, via: c.var.caller.via }, 200));
}

import * as z from 'zod';
import type { AdminApp } from '../admin-app.ts';
import { Cursor, ErrorBody, Limit, page, StoredNotification } from '../admin-schemas.ts';
import { createRoute } from '../openapi-zod.ts';

const list = createRoute({
  method: 'get',
  path: '/admin/notifications',
  summary: "The console's inbox: every notification to admins, newest first",
  request: { query: z.object({ limit: Limit, cursor: Cursor }) },
  responses: {
    200: {
      description: 'A page',
      content: { 'application/json': { schema: page(StoredNotification, 'NotificationPage') } },
    },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerNotificationRoutes(app: AdminApp): void {
  app.openapi(list, async (c) => c.json(await c.var.deps.inbox.listNotifications(c.req.valid('query')), 200));
}

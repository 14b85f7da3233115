/**
 * `POST /keep-seat`: an idle member's answer to an ask-first sweep, sent by the page their mailed
 * link opens (console/keep.html). Public: the link's token is the credential, so nothing here
 * needs an admin; the token comes in the body, never in a URL, and is never logged. A bad link
 * is 404 and a late answer 410; a body that is not JSON is 400 and one not sent as JSON 415
 * (http-errors.ts).
 */
import * as z from 'zod';
import type { ApiDependencies } from '../../../composition/api-dependencies.ts';
import { keepSeat } from '../../../core/sweep/keep-seat.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody } from '../admin-schemas.ts';
import { createRoute } from '../openapi-zod.ts';

const KeepSeatBody = z.strictObject({ token: z.string().min(1).max(400) }).openapi('KeepSeatRequest');
const KeepSeatAnswer = z
  .object({ status: z.enum(['kept', 'already-kept']), message: z.string() })
  .openapi('KeepSeatAnswer');

const route = createRoute({
  method: 'post',
  path: '/keep-seat',
  summary: 'An idle member keeps their seat (the link of an ask-first sweep)',
  security: [],
  request: { body: { content: { 'application/json': { schema: KeepSeatBody } }, required: true } },
  responses: {
    200: { description: 'The seat is kept', content: { 'application/json': { schema: KeepSeatAnswer } } },
    400: {
      description: 'Malformed request (not JSON, or no token)',
      content: { 'application/json': { schema: ErrorBody } },
    },
    404: { description: 'Not a valid link', content: { 'application/json': { schema: ErrorBody } } },
    410: { description: 'Too late to answer', content: { 'application/json': { schema: ErrorBody } } },
    415: {
      description: 'Not sent as Content-Type: application/json',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

export function registerKeepSeatRoute(app: AdminApp, dependencies: () => Promise<ApiDependencies>): void {
  app.openapi(route, async (c) => {
    const deps = await dependencies();
    c.header('Cache-Control', 'no-store');
    const { status } = await keepSeat(c.req.valid('json').token, deps);
    const message =
      status === 'kept'
        ? 'Your Trello seat is kept. Thank you — nothing else to do.'
        : 'Your Trello seat was already kept. Nothing else to do.';
    return c.json({ status, message }, 200);
  });
}

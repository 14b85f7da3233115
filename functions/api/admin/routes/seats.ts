import * as z from 'zod';
import { withNames } from '../../../core/admin/people-names.ts';
import { rejoinSeatQueue } from '../../../core/admin/rejoin-seat-queue.ts';
import { seatReport } from '../../../core/admin/seat-report.ts';
import { releaseQueuedOnboardings } from '../../../core/approvals/release-queued-onboardings.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody, Seats } from '../admin-schemas.ts';
import { createRoute, json } from '../openapi-zod.ts';

const get = createRoute({
  method: 'get',
  path: '/admin/seats',
  summary: "The Enterprise's license seats (read from Trello now), the hires queued for one, and a forecast",
  responses: { 200: json(Seats, 'Seats'), 401: json(ErrorBody, 'Not authenticated') },
});

const release = createRoute({
  method: 'post',
  path: '/admin/seats/release',
  summary: 'Seats were added: give them to the onboardings queued for one, in HR order',
  description:
    'Approves waiting seat requests, as many as seats are free, in HR order; seats still left go to onboardings that had failed for a seat, started again in HR order.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: z.strictObject({ reason: z.string().trim().min(1).max(500) }) },
      },
    },
  },
  responses: {
    200: json(
      z.object({
        released: z.array(z.string()).openapi({ description: 'Seat approvals approved, in HR order' }),
        stillQueued: z.number().int(),
        retried: z
          .array(z.string())
          .openapi({ description: 'Onboarding runs that had failed for a seat, started again (HR order)' }),
      }),
      'Released',
    ),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

export function registerSeatRoutes(app: AdminApp): void {
  app.openapi(get, async (c) => {
    const report = await seatReport(c.var.deps);
    const queued = await withNames(report.queued, (q) => q.employeeId, c.var.deps.people);
    return c.json({ ...report, queued }, 200);
  });
  app.openapi(release, async (c) => {
    const { reason } = c.req.valid('json');
    const { deps, caller } = c.var;
    const answer = await releaseQueuedOnboardings(`${caller.id}: ${reason}`, deps);
    // Seats left after the queue (the released grants have not landed yet): onboardings that
    // failed for a seat earlier rejoin, in HR order.
    const { available } = await deps.trello.seats();
    const retried = await rejoinSeatQueue((available ?? 0) - answer.released.length, caller.id, {
      ...deps,
      stateMachines: {
        onboarding: deps.config.offboarding.onboardingStateMachineArn,
        offboarding: deps.config.offboarding.offboardingStateMachineArn,
      },
    });
    return c.json({ ...answer, retried }, 200);
  });
}

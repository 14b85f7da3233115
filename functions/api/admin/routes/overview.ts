import * as z from 'zod';
import { overview, RUN_WINDOW_DAYS } from '../../../core/admin/overview.ts';
import { AccessCuts } from '../../../core/model/access-cuts.ts';
import { RunStatuses } from '../../../core/model/run-statuses.ts';
import { SweepMemberStates } from '../../../core/model/sweep-vocabulary.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody, PersonName, SeatTrend, SweepFields } from '../admin-schemas.ts';
import { createRoute } from '../openapi-zod.ts';

const instant = z.string().openapi({ format: 'date-time' });

const Overview = z
  .object({
    generatedAt: instant,
    seats: z.object({
      total: z
        .number()
        .int()
        .nullable()
        .openapi({ description: 'Seats purchased; null when Trello does not say' }),
      used: z.number().int(),
      available: z.number().int().nullable(),
      queued: z.number().int().openapi({ description: 'Hires waiting for a seat' }),
      upcoming: z.number().int().openapi({ description: 'Hires whose start date is still ahead' }),
      forecastAvailable: z.number().int().nullable(),
      checkedAt: instant,
      trend: SeatTrend,
    }),
    approvals: z.object({
      waiting: z.number().int(),
      complete: z.boolean().openapi({ description: 'False when more were waiting than one request reads' }),
      oldest: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          title: z.string().openapi({ description: "The question's first line" }),
          runId: z.string(),
          subjectEmployeeId: z.string().nullable(),
          subjectEmail: z.string().nullable(),
          subjectName: z.string().nullable(),
          createdAt: instant,
          expiresAt: instant,
          ageSeconds: z.number().int(),
        }),
      ),
    }),
    runs: z.object({
      since: instant,
      complete: z
        .boolean()
        .openapi({ description: 'False when a status had more runs than one request reads' }),
      counts: z.array(
        z.object({
          status: z.enum(RunStatuses),
          kind: z.enum(['onboarding', 'offboarding', 'sweep', 'mover', 'leave', 'reconciliation']),
          count: z.number().int(),
        }),
      ),
    }),
    timeToCut: z
      .array(
        z.object({
          runId: z.string(),
          employeeId: z.string().nullable(),
          person: PersonName,
          status: z.enum(RunStatuses),
          startedAt: instant,
          cuts: z.array(
            z.object({
              cut: z.enum(AccessCuts),
              state: z.enum(['trying', 'done', 'refused', 'gave-up']),
              seconds: z
                .number()
                .openapi({ description: 'Time to cut; while trying, the time since it was due' }),
              sloSeconds: z.number(),
              pastSlo: z.boolean(),
            }),
          ),
        }),
      )
      .openapi({ description: 'The latest offboardings of the week with access cuts, newest first' }),
    lastSweep: SweepFields.extend({
      runStatus: z.enum(RunStatuses),
      outcome: z.string().nullable(),
      summary: z.string().nullable(),
      counts: z.record(z.enum(SweepMemberStates), z.number().int()),
    }).nullable(),
    quarantine: z.object({
      guard: z.enum(['on', 'off']),
      held: z.number().int().openapi({ description: 'Terminations held, waiting for a decision' }),
      batchId: z.string().nullable(),
      openedAt: instant.nullable(),
    }),
  })
  .openapi('Overview');

const get = createRoute({
  method: 'get',
  path: '/admin/overview',
  summary: `At a glance: seats and their trend, approvals waiting (oldest first), runs of the last ${RUN_WINDOW_DAYS} days by status, time to cut, the last sweep, what the mass-change guard holds`,
  description:
    'One request, bounded reads: at most 1,000 pending approvals and 2,000 runs per status are read (`complete` says whether everything was).',
  responses: {
    200: { description: 'The overview', content: { 'application/json': { schema: Overview } } },
    401: { description: 'Not authenticated', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerOverviewRoute(app: AdminApp): void {
  app.openapi(get, async (c) => {
    const { deps } = c.var;
    return c.json(await overview({ ...deps, guardMode: deps.config.massChangeGuard.mode }), 200);
  });
}

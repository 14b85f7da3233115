import * as z from 'zod';
import { ApprovalRecord } from '../../../contracts/records/approvals.ts';
import { Instant } from '../../../contracts/records/instant.ts';
import { CutProgress, RunRecord } from '../../../contracts/records/runs.ts';
import { overview, RUN_WINDOW_DAYS } from '../../../core/admin/overview.ts';
import { AccessCuts } from '../../../core/model/access-cuts.ts';
import { SweepMemberStates } from '../../../core/model/sweep-vocabulary.ts';
import type { AdminApp } from '../admin-app.ts';
import { ErrorBody, PersonName, SeatTrend, SweepFields } from '../admin-schemas.ts';
import { createRoute } from '../openapi-zod.ts';

const approval = ApprovalRecord.shape;
const run = RunRecord.shape;

const Overview = z
  .object({
    generatedAt: Instant,
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
      checkedAt: Instant,
      trend: SeatTrend,
    }),
    approvals: z.object({
      waiting: z.number().int(),
      complete: z.boolean().openapi({ description: 'False when more were waiting than one request reads' }),
      oldest: z.array(
        z.object({
          id: approval.id,
          kind: approval.kind,
          title: z.string().openapi({ description: "The question's first line" }),
          runId: approval.runId,
          subjectEmployeeId: approval.subjectEmployeeId,
          subjectEmail: approval.subjectEmail,
          subjectName: z.string().nullable(),
          createdAt: approval.createdAt,
          expiresAt: approval.expiresAt,
          ageSeconds: z.number().int(),
        }),
      ),
    }),
    runs: z.object({
      since: Instant,
      complete: z
        .boolean()
        .openapi({ description: 'False when a status had more runs than one request reads' }),
      counts: z.array(
        z.object({
          status: run.status,
          kind: run.kind,
          count: z.number().int(),
        }),
      ),
    }),
    timeToCut: z
      .array(
        z.object({
          runId: run.runId,
          employeeId: run.employeeId,
          person: PersonName,
          status: run.status,
          startedAt: run.startedAt,
          cuts: z.array(
            z.object({
              cut: z.enum(AccessCuts),
              state: CutProgress.shape.state,
              seconds: z
                .number()
                .openapi({ description: 'Time to cut; while trying, the time since it was due' }),
              sloSeconds: CutProgress.shape.sloSeconds,
              pastSlo: z.boolean(),
            }),
          ),
        }),
      )
      .openapi({ description: 'The latest offboardings of the week with access cuts, newest first' }),
    lastSweep: SweepFields.extend({
      runStatus: run.status,
      outcome: z.string().nullable(),
      summary: z.string().nullable(),
      counts: z.record(z.enum(SweepMemberStates), z.number().int()),
    }).nullable(),
    quarantine: z.object({
      guard: z.enum(['on', 'off']),
      held: z.number().int().openapi({ description: 'Terminations held, waiting for a decision' }),
      batchId: z.string().nullable(),
      openedAt: Instant.nullable(),
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

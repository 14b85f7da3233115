import * as z from 'zod';
import { SweepMember as SweepMemberRecord } from '../../../contracts/records/sweeps.ts';
import { sweepMemberStatus } from '../../../core/admin/bulk-status.ts';
import { listSweeps } from '../../../core/admin/list-sweeps.ts';
import { sweepRunId } from '../../../core/lifecycle/run-ids.ts';
import { RunStatuses } from '../../../core/model/run-statuses.ts';
import { SweepMemberStates, SweepModes } from '../../../core/model/sweep-vocabulary.ts';
import { dropFromSweep, requestSweep } from '../../../core/sweep/request-sweep.ts';
import { sweepCsv } from '../../../core/sweep/sweep-csv.ts';
import { tallyOf } from '../../../core/sweep/sweep-tally.ts';
import type { AdminApp } from '../admin-app.ts';
import { Approval, BulkStatus, Cursor, ErrorBody, Limit, SweepFields } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';
import { createRoute, json } from '../openapi-zod.ts';

export const SweepMember = SweepMemberRecord.extend({
  /** The member's bulk status (core/admin/bulk-status.ts); null while still a candidate. */
  status: BulkStatus.nullable(),
}).openapi('SweepMember');

export const Sweep = SweepFields.extend({
  counts: z.record(z.enum(SweepMemberStates), z.number().int()),
  approval: Approval.nullable().openapi({
    description:
      "The batch's approval (approve mode, or a sweep the mass-change guard held); null when none was asked",
  }),
  members: z.array(SweepMember),
  nextCursor: z.string().nullable(),
}).openapi('Sweep');

export const SweepListItem = SweepFields.extend({
  runStatus: z.enum(RunStatuses),
  outcome: z.string().nullable(),
  summary: z.string().nullable(),
}).openapi('SweepListItem');

const list = createRoute({
  method: 'get',
  path: '/admin/sweeps',
  summary: 'Idle-seat sweeps, newest first',
  description:
    'Found among the runs, newest first: a page holds at least `limit` sweeps unless the runs ran out or 2,000 runs were read; follow `nextCursor` for older ones (a page may then hold none).',
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: Cursor }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(SweepListItem), nextCursor: z.string().nullable() }).openapi('SweepPage'),
      'A page of sweeps',
    ),
    400: json(ErrorBody, 'Invalid request'),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

const SweepId = z.object({ id: z.string().min(1).max(200) });

const start = createRoute({
  method: 'post',
  path: '/admin/sweeps',
  summary: 'Starts an idle-seat sweep now, as the caller',
  description:
    '`report` (default) lists idle licensed members and changes nothing; `approve` asks one approval for the batch (drop people first with /drop); `auto` reclaims at once. `dryRun` walks it without changes.',
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          // Strict, like every admin body: a misspelt `dryRun` is refused rather than run for real.
          schema: z
            .strictObject({ mode: z.enum(SweepModes).default('report'), dryRun: z.boolean().default(false) })
            .openapi('SweepRequest'),
        },
      },
    },
  },
  responses: {
    202: json(z.object({ sweepId: z.string() }), 'Started: follow it at GET /admin/sweeps/{id}'),
    400: json(ErrorBody, 'Invalid request'),
    401: json(ErrorBody, 'Not authenticated'),
  },
});

const get = createRoute({
  method: 'get',
  path: '/admin/sweeps/{id}',
  summary:
    'A sweep: its state, counts by member state, and its members (paged); `format=csv` exports them all',
  request: {
    params: SweepId,
    query: z.object({
      state: z.enum(SweepMemberStates).optional(),
      format: z.enum(['json', 'csv']).default('json'),
      limit: Limit,
      cursor: Cursor,
    }),
  },
  responses: {
    200: {
      description: 'The sweep',
      content: { 'application/json': { schema: Sweep }, 'text/csv': { schema: z.string() } },
    },
    401: json(ErrorBody, 'Not authenticated'),
    404: json(ErrorBody, 'No such sweep'),
  },
});

const drop = createRoute({
  method: 'post',
  path: '/admin/sweeps/{id}/drop',
  summary: 'Keeps members out of a sweep awaiting approval (then approve the rest)',
  request: {
    params: SweepId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({ memberIds: z.array(z.string().min(1)).min(1).max(1000) }),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ dropped: z.array(z.string()), notCandidates: z.array(z.string()) }), 'Dropped'),
    401: json(ErrorBody, 'Not authenticated'),
    409: json(ErrorBody, 'The sweep is not awaiting approval'),
  },
});

export function registerSweepRoutes(app: AdminApp): void {
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(await listSweeps({ limit, cursor: cursor ?? null }, c.var.deps), 200);
  });
  app.openapi(start, async (c) => {
    const body = (c.req.valid('json') as
      | { mode: (typeof SweepModes)[number]; dryRun: boolean }
      | undefined) ?? {
      mode: 'report' as const,
      dryRun: false,
    };
    const { workflow, clock, randomness, config, mailer } = c.var.deps;
    const started = await requestSweep(
      { ...body, by: c.var.caller.id },
      {
        workflow,
        clock,
        randomness,
        stateMachineArn: config.sweep.stateMachineArn,
        canMailPeople: mailer !== null && config.onboarding.consoleUrl !== null,
      },
    );
    return c.json(started, 202);
  });
  app.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const { state, format, limit, cursor } = c.req.valid('query');
    const { sweeps, approvals } = c.var.deps;
    const sweep = await sweeps.getSweep(id);
    if (sweep === null) throw new HttpProblem(404, 'not-found', `Sweep ${id} does not exist`);
    if (format === 'csv') {
      const all: SweepMemberRecord[] = [];
      let next: string | null = null;
      do {
        const page = await sweeps.listSweepMembers(id, { state, limit: 1000, cursor: next });
        all.push(...page.items);
        next = page.nextCursor;
      } while (next);
      return c.body(sweepCsv(all), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="lanyard-${id}.csv"`,
      });
    }
    const [page, counts, approval] = await Promise.all([
      sweeps.listSweepMembers(id, { state, limit, cursor }),
      tallyOf(id, c.var.deps),
      // The id Ask Sweep Approval gives the batch's one approval (core/sweep/ask-sweep-approval.ts).
      approvals.getApproval(`${sweepRunId(id)}:reclaim`),
    ]);
    const members = page.items.map((m) => ({ ...m, status: sweepMemberStatus(m.state) }));
    return c.json({ ...sweep, counts, approval, members, nextCursor: page.nextCursor }, 200);
  });
  app.openapi(drop, async (c) => {
    const { id } = c.req.valid('param');
    const { memberIds } = c.req.valid('json');
    return c.json(await dropFromSweep(id, memberIds, c.var.caller.id, c.var.deps), 200);
  });
}

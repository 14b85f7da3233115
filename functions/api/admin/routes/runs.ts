import * as z from 'zod';
import { namesOf, withNames } from '../../../core/admin/people-names.ts';
import { retryRun } from '../../../core/admin/retry-run.ts';
import { RunStatuses } from '../../../core/model/run-statuses.ts';
import type { AdminApp } from '../admin-app.ts';
import { Cursor, ErrorBody, Limit, page, Run, RunDetail } from '../admin-schemas.ts';
import { HttpProblem } from '../http-errors.ts';
import { createRoute, json } from '../openapi-zod.ts';
import { shownRun } from '../shown-run.ts';

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

const retry = createRoute({
  method: 'post',
  path: '/admin/runs/{runId}/retry',
  summary: 'Start a failed onboarding or offboarding again, as the authenticated caller',
  description:
    "Only a run that ended `failed` or `access-remains` (409 otherwise, saying why). The failed execution's steps and cuts stay on the run as an earlier attempt; the run's HR event starts again under a new execution, whose steps are idempotent. Audited with the caller as actor.",
  request: { params: z.object({ runId: z.string().min(1).max(300) }) },
  responses: {
    202: json(
      z.object({ runId: z.string(), executionName: z.string() }).openapi('RetryStarted'),
      'Started again',
    ),
    401: json(ErrorBody, 'Not authenticated'),
    404: json(ErrorBody, 'No such run'),
    409: json(ErrorBody, 'The run cannot be retried (it has not ended, or did not fail)'),
  },
});

export function registerRunRoutes(app: AdminApp): void {
  app.openapi(retry, async (c) => {
    const { runId } = c.req.valid('param');
    const { deps } = c.var;
    const answer = await retryRun(runId, c.var.caller.id, {
      ...deps,
      stateMachines: {
        onboarding: deps.config.offboarding.onboardingStateMachineArn,
        offboarding: deps.config.offboarding.offboardingStateMachineArn,
      },
    });
    if (answer.outcome === 'not-found') throw new HttpProblem(404, 'not-found', answer.message);
    if (answer.outcome === 'refused') throw new HttpProblem(409, 'run-not-retryable', answer.message);
    return c.json({ runId: answer.runId, executionName: answer.executionName }, 202);
  });
  app.openapi(list, async (c) => {
    const filter = c.req.valid('query');
    const { people, runs } = c.var.deps;
    const page = await runs.listRuns(filter);
    return c.json(
      { ...page, items: await withNames(page.items.map(shownRun), (r) => r.employeeId, people) },
      200,
    );
  });
  app.openapi(get, async (c) => {
    const { runId } = c.req.valid('param');
    const { people, runs, audit } = c.var.deps;
    const run = await runs.getRun(runId);
    if (run === null) throw new HttpProblem(404, 'not-found', `Run ${runId} does not exist`);
    const [entries, names] = await Promise.all([audit.runAudit(runId), namesOf([run.employeeId], people)]);
    const person = names.get(run.employeeId ?? '') ?? null;
    return c.json({ run: { ...shownRun(run), person }, audit: entries.map((a) => a.entry) }, 200);
  });
}

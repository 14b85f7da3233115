/**
 * A run named the way an admin has it at hand: its run id (`onboarding:evt-…`, from `runs list`),
 * or the id of the HR event that started it (`evt-…`, what `event send` prints).
 *
 * 1. The id as a run id.
 * 2. The runs an event with that id starts through a workflow: the workflow's own naming function
 *    (from the core, never a copy of it) gives each run id.
 * 3. Runs an event starts without a workflow (a mover's, a leave's: their kinds grow) carry the
 *    event id too, so the newest runs are read for one that names it; an event just sent is among
 *    the first of them.
 */
import type { z } from 'zod';
import { page, Run, RunDetail } from '../functions/api/admin/admin-schemas.ts';
import { offboardingRunId, onboardingRunId } from '../functions/core/lifecycle/run-ids.ts';
import type { AdminClient } from './admin-client.ts';
import { CliError } from './cli-error.ts';

/** The workflow runs an HR event starts, by the workflows' own naming. */
const WORKFLOW_RUN_ID_OF_EVENT: ReadonlyArray<(eventId: string) => string> = [
  onboardingRunId,
  offboardingRunId,
];
/** How many of the newest runs are read for the event id (pages of the API's largest size). */
const RECENT_RUNS = 1_000;
const PAGE_SIZE = 200;

/** The run ids to try first for what was typed: itself, then the workflow runs of an event with that id. */
export function runIdCandidates(idOrEventId: string): string[] {
  const derived = WORKFLOW_RUN_ID_OF_EVENT.map((runIdOf) => runIdOf(idOrEventId));
  return [...new Set([idOrEventId, ...derived])];
}

export async function findRun(client: AdminClient, idOrEventId: string): Promise<z.infer<typeof RunDetail>> {
  for (const runId of runIdCandidates(idOrEventId)) {
    const detail = await client.find(RunDetail, runPath(runId));
    if (detail !== null) return detail;
  }
  const runId = await recentRunOfEvent(client, idOrEventId);
  if (runId !== null) return client.request(RunDetail, 'GET', runPath(runId));
  throw new CliError(
    [
      `No run ${idOrEventId}, and none of the newest ${RECENT_RUNS} runs was started by an HR event with that id.`,
      '  An event just sent starts its run within seconds; an update or a leave may change only the record (npx lanyard person show <email>).',
      '  npx lanyard runs list shows the runs.',
    ].join('\n'),
    1,
  );
}

const RunPage = page(Run, 'RunPage');

async function recentRunOfEvent(client: AdminClient, eventId: string): Promise<string | null> {
  let cursor: string | null = null;
  for (let read = 0; read < RECENT_RUNS; read += PAGE_SIZE) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
    const result: z.infer<typeof RunPage> = await client.request(RunPage, 'GET', `/admin/runs?${query}`);
    const found = result.items.find((run) => run.eventId === eventId);
    if (found) return found.runId;
    cursor = result.nextCursor;
    if (cursor === null) return null;
  }
  return null;
}

function runPath(runId: string): string {
  return `/admin/runs/${encodeURIComponent(runId)}`;
}

/**
 * The idle-seat sweeps, newest first (the console's sweeps page, the overview's last sweep).
 *
 * The records keep no listing of sweeps, but every sweep has a run (`sweep:<id>`, kind `sweep`)
 * among the runs listed newest first. So:
 *  1. Read the runs newest first, a page at a time, keeping the sweep runs.
 *  2. Stop once `limit` sweeps are found (the whole page they were on is kept: the runs cursor
 *     can only go on after a page), or after MAX_RUNS_READ runs; the cursor goes on from there.
 *  3. Read each sweep's record for its mode, status and seats.
 * Between sweeps lie the lifecycle runs, so a company with many runs per sweep needs several
 * requests to reach old sweeps; each request stays bounded.
 */
import type { RecordPorts } from '../../ports/records/record-ports.ts';
import type { RunRecord } from '../../ports/records/runs.ts';
import type { SweepRecord } from '../../ports/records/sweeps.ts';

/** Runs one request reads at most while looking for sweeps. */
export const MAX_RUNS_READ = 2_000;
const RUNS_PAGE = 200;

export interface SweepListItem extends SweepRecord {
  runStatus: RunRecord['status'];
  /** The run's short result (`reclaimed`, `reported`, `rejected`…), null while it runs. */
  outcome: string | null;
  /** The run's story in one sentence (counts, seats before and after). */
  summary: string | null;
}

export async function listSweeps(
  request: { limit: number; cursor: string | null },
  deps: Pick<RecordPorts, 'runs' | 'sweeps'>,
): Promise<{ items: SweepListItem[]; nextCursor: string | null }> {
  const { runs, nextCursor } = await listRunsOfKind('sweep', request, deps);
  const sweeps = await Promise.all(runs.map((run) => deps.sweeps.getSweep(run.executionName)));
  const items = runs.flatMap((run, i) => {
    const sweep = sweeps[i];
    // Begin Sweep writes the sweep before its run, so a run without one is not a sweep of Lanyard's.
    return sweep ? [{ ...sweep, runStatus: run.status, outcome: run.outcome, summary: run.summary }] : [];
  });
  return { items, nextCursor };
}

/**
 * The runs of one batch kind (sweeps, reconciliations), newest first: at least `limit` unless the
 * runs ran out or MAX_RUNS_READ were read; the cursor goes on from there.
 */
export async function listRunsOfKind(
  kind: RunRecord['kind'],
  request: { limit: number; cursor: string | null },
  deps: Pick<RecordPorts, 'runs' | 'sweeps'>,
): Promise<{ runs: RunRecord[]; nextCursor: string | null }> {
  const runs: RunRecord[] = [];
  let cursor = request.cursor;
  let read = 0;
  do {
    const page = await deps.runs.listRuns({ limit: RUNS_PAGE, cursor });
    read += page.items.length;
    runs.push(...page.items.filter((run) => run.kind === kind));
    cursor = page.nextCursor;
  } while (cursor !== null && runs.length < request.limit && read < MAX_RUNS_READ);
  return { runs, nextCursor: cursor };
}

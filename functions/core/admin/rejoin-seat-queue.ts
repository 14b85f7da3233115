/**
 * Hires whose onboarding ended failed for want of a seat (runs from before every hire queued for
 * one) rejoin the seat queue when seats are released: started again in HR order — the hire's
 * `effectiveAt`, then when the run started — after the hires already waiting, as many as seats
 * are left. Each is an audited retry (retry-run.ts); one that finds no seat again waits in the
 * queue like any hire.
 */
import { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { RunRecord } from '../../ports/records/runs.ts';
import { ErrorNames } from '../errors.ts';
import { type RetryRunDeps, retryRun } from './retry-run.ts';

const FAILED_FOR_SEATS = `failed:${ErrorNames.SeatsExhausted}`;

export async function rejoinSeatQueue(seatsLeft: number, by: string, deps: RetryRunDeps): Promise<string[]> {
  if (seatsLeft <= 0) return [];
  const waiting: Array<{ run: RunRecord; effectiveAt: string }> = [];
  let cursor: string | null = null;
  do {
    const page = await deps.runs.listRuns({ status: 'failed', limit: 100, cursor });
    for (const run of page.items) {
      if (run.kind !== 'onboarding' || run.outcome !== FAILED_FOR_SEATS) continue;
      const event = LifecycleEventDetail.safeParse(run.event);
      waiting.push({ run, effectiveAt: event.success ? event.data.effectiveAt : run.startedAt });
    }
    cursor = page.nextCursor;
  } while (cursor);
  waiting.sort(
    (a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.run.startedAt.localeCompare(b.run.startedAt),
  );
  const retried: string[] = [];
  for (const { run } of waiting.slice(0, seatsLeft)) {
    const answer = await retryRun(run.runId, by, deps);
    if (answer.outcome === 'started') retried.push(run.runId);
  }
  return retried;
}

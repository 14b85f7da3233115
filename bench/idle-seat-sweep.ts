/**
 * The idle-seat sweep over the simulator's 100,000-member Enterprise, in `auto` mode, on the local
 * stack (synthesized ASL, production handlers, dynalite, the shared DynamoDB pacer), with Trello's
 * rate-limit windows scaled by `timeScale` (same ratios).
 *
 * Floor (issue 6): ⌈N/100⌉ pages to list the N idle licensed members plus one write per reclaim,
 * at 100 calls per token window. The sweep makes more than that on purpose — the re-listing that
 * re-checks before reclaiming (another ⌈N/100⌉ pages), two seat reads, and lookups for whoever
 * changed meanwhile — and must still finish within 1.10× the floor. Also reported: the execution's
 * history length against Step Functions' 25,000-event limit.
 */
import { sweepRunId } from '../functions/core/lifecycle/run-ids.ts';
import { runBatchToEnd, runFigures, withBenchStack } from './batch-run.ts';
import { phaseTimes } from './phase-times.ts';
import { againstTokenFloor } from './token-floor.ts';

export interface SweepBenchResult {
  name: string;
  preset: string;
  timeScale: number;
  inactiveDays: number;
  idleListed: number;
  reclaimed: number;
  skipped: number;
  pages: number;
  trelloCalls: number;
  floorCalls: number;
  rateLimited: number;
  lockouts: number;
  wallMs: number;
  floorMs: number;
  ratioToFloor: number;
  /** Issue 6 bounds the 100k sweep; smaller presets carry fixed costs a short floor magnifies. */
  bound: number | null;
  /** Wall time per workflow phase (first entry of its first state to the next phase), ms. */
  phasesMs: Record<string, number>;
  historyEvents: number;
  historyLimit: number;
  status: string;
}

const QUERY = 'GET /1/enterprises/{id}/members/query';
const REVOKE = 'PUT /1/enterprises/{id}/members/{idMember}/licensed';

export async function idleSeatSweep(options: {
  preset: '5k' | '100k';
  timeScale: number;
  inactiveDays: number;
}): Promise<SweepBenchResult> {
  return withBenchStack(
    'sweep',
    {
      trelloPreset: options.preset,
      // Idle categories are dated back from the anchor; the sweep's cutoff from today.
      trelloAnchor: new Date(),
      trelloTimeScale: options.timeScale,
      config: {
        sweep: {
          schedule: null,
          mode: 'auto',
          inactiveDays: options.inactiveDays,
          graceDays: 30,
          allowList: [],
          askFirst: { from: null, answerDays: 7 },
        },
      },
    },
    async (h) => {
      await h.control('POST', '/rate-limits', { reset: true });
      h.stack.trello.resetCalls();

      const {
        id: sweepId,
        run,
        history,
        wallMs,
      } = await runBatchToEnd(
        h,
        { path: '/admin/sweeps', body: { mode: 'auto' }, idField: 'sweepId' },
        sweepRunId,
        h.stack.sweepArn,
      );
      const calls = h.stack.trello.calls();
      const counts = { candidate: 0, exempt: 0, reclaimed: 0, skipped: 0, failed: 0, dropped: 0 };
      for (let cursor: string | null = null; ; ) {
        const page = await h.records.sweeps.listSweepMembers(sweepId, { limit: 1000, cursor });
        for (const m of page.items) counts[m.state as keyof typeof counts] += 1;
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      const idleListed = Object.values(counts).reduce((a, b) => a + b, 0);
      const pages = Math.ceil(idleListed / 100);
      const reclaims = calls.byRoute[REVOKE]?.count ?? 0;
      const floorCalls = pages + reclaims;
      return {
        name: `idle-seat-sweep-${options.preset}`,
        preset: options.preset,
        timeScale: options.timeScale,
        inactiveDays: options.inactiveDays,
        idleListed,
        reclaimed: counts.reclaimed,
        skipped: counts.skipped,
        pages: calls.byRoute[QUERY]?.count ?? 0,
        trelloCalls: calls.total,
        floorCalls,
        ...againstTokenFloor(wallMs, floorCalls, options.timeScale, options.preset),
        phasesMs: phaseTimes(history, SWEEP_PHASES),
        ...runFigures(h, run, history),
      };
    },
  );
}

/** Where the time went: listing, reclaiming from the re-listing, re-checking, finishing. */
const SWEEP_PHASES = [
  ['begin', 'Begin Sweep'],
  ['list', 'List Idle Members'],
  ['reclaim', 'Reclaim Seats'],
  ['recheck', 'Re-check Candidates'],
  ['finish', 'Finish Sweep'],
] as const;

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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sweepRunId } from '../functions/core/lifecycle/run-ids.ts';
import type { HistoryEvent } from '../infra/local/runtime/execution-history.ts';
import { startStackHarness } from '../test/support/local-stack-harness.ts';

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
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-bench-sweep-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const h = await startStackHarness({
    dataDir,
    inMemory: true,
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
  });
  try {
    await h.control('POST', '/rate-limits', { reset: true });
    h.stack.trello.resetCalls();

    const started = Date.now();
    const response = await fetch(`${h.stack.api.url}/admin/sweeps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'auto' }),
    });
    if (response.status !== 202) throw new Error(`starting the sweep answered ${response.status}`);
    const { sweepId } = (await response.json()) as { sweepId: string };
    // Polled twice a second (a tighter poll would load the DynamoDB stand-in the sweep is using);
    // the wall time is taken from the execution's end, not from the poll.
    let run = await h.records.runs.getRun(sweepRunId(sweepId));
    while (run === null || run.status === 'running') {
      await new Promise((r) => setTimeout(r, 500));
      run = await h.records.runs.getRun(sweepRunId(sweepId));
    }

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
    // One token: 100 calls per 10 s window, scaled.
    const floorMs = (floorCalls / 100) * 10_000 * options.timeScale;
    const execution = h.stack.runtime.executions.list(h.stack.sweepArn).find((e) => e.name === sweepId);
    const history = execution ? h.stack.runtime.executions.history(execution.executionArn) : [];
    // From the API request to the execution's end (not to the poll that noticed it).
    const wallMs = (execution?.stopDate ?? Date.now()) - started;
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
      rateLimited: calls.rateLimited,
      lockouts: h.stack.trello.rateLimitStats().lockouts,
      wallMs: Math.round(wallMs),
      floorMs: Math.round(floorMs),
      ratioToFloor: Number((wallMs / floorMs).toFixed(3)),
      bound: options.preset === '100k' ? 1.1 : null,
      phasesMs: phases(history),
      historyEvents: history.length,
      historyLimit: 25_000,
      status: run.status,
    };
  } finally {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Where the time went: listing, reclaiming from the re-listing, re-checking, finishing. */
function phases(history: HistoryEvent[]): Record<string, number> {
  const starts: Array<[string, number]> = [];
  const firstEntry = (state: string) =>
    history.find(
      (e) =>
        e.type.endsWith('StateEntered') &&
        (e.stateEnteredEventDetails as { name?: string } | undefined)?.name === state,
    )?.timestamp;
  for (const [phase, state] of [
    ['begin', 'Begin Sweep'],
    ['list', 'List Idle Members'],
    ['reclaim', 'Reclaim Seats'],
    ['recheck', 'Re-check Candidates'],
    ['finish', 'Finish Sweep'],
  ] as const) {
    const at = firstEntry(state);
    if (at !== undefined) starts.push([phase, at]);
  }
  const end = history.at(-1)?.timestamp ?? 0;
  return Object.fromEntries(
    starts.map(([phase, at], i) => [phase, Math.round((starts[i + 1]?.[1] ?? end) - at)]),
  );
}

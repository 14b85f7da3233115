/**
 * A layoff on the local stack: N terminations at once (default 1,000 on the 5k preset) against the
 * Trello simulator's rate windows (real by default; BENCH_LAYOFF_TIME_SCALE shrinks them for the
 * simulator and Lanyard's pacer together) and the Okta simulator. Reports when every IdP sign-in
 * was cut, when every seat was freed (each read back), when every run finished, the Trello calls
 * per leaver, 429s, lockouts, failed runs and people cut who were not leaving.
 *
 * The floor of the seat phase is the Trello calls the cuts need at least — a lookup, the write and
 * the read-back per leaver — at 100 calls per token window; the ratio shows how close the cuts,
 * which get the slots before everything else, come to it while the rest of each offboarding
 * (boards, tokens, verification) also runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { idpRateLimitOf } from '../functions/adapters/idp/idp-rate-limits.ts';
import { offboardingRunId } from '../functions/core/lifecycle/run-ids.ts';
import type { RunRecord } from '../functions/ports/records/runs.ts';
import type { CallSecond } from '../infra/local/simulators/trello/call-stats.ts';
import {
  adminRequest,
  hrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
} from '../test/support/local-stack-harness.ts';

/** A managed leaver's cut needs at least: the email lookup, the deactivation, the read-back. */
const CUT_CALLS_PER_LEAVER = 3;
/**
 * An Okta sign-in cut: find the user (its status read with it), suspend, end the sessions, read
 * back (adapters/idp/okta-idp.ts; a step reads a user once, idp-adapter-base.ts).
 */
const OKTA_CUT_CALLS_PER_LEAVER = 4;

export interface LayoffResult {
  name: string;
  preset: '5k';
  leavers: number;
  timeScale: number;
  /** Which Trello pacer the functions used: the local stack's in-memory one, or the records table's (as deployed). */
  pacer: 'dynamodb' | 'memory';
  /** From the burst's start until the last of each was read back / the last run ended. */
  allSignInsCutMs: number;
  allSeatsFreedMs: number;
  allRunsFinishedMs: number;
  seatPhaseFloorMs: number;
  seatPhaseRatioToFloor: number;
  /** The sign-in cuts' calls at the IdP's published rate (the Okta simulator enforces it). */
  signInPhaseFloorMs: number;
  signInPhaseRatioToFloor: number;
  idpCutCallsPerLeaver: number;
  /** The IdP's rate, e.g. "600 per 60 s". */
  idpRate: string;
  idpCalls: number;
  idpRateLimited: number;
  trelloCalls: number;
  callsPerLeaver: number;
  rateLimited: number;
  lockouts: number;
  failedRuns: number;
  /** Leavers whose token task an admin (the bench) answered. */
  tokenTasks: number;
  notCut: number;
  /** People not leaving whose access changed (must be 0). */
  lockedOutBystanders: number;
  /** Worst time to cut of one leaver, each cut, in seconds. */
  worstTimeToCutSeconds: { idp: number; trello: number };
}

/** What the baseline and the chart need beside the figures. */
export interface LayoffRun {
  result: LayoffResult;
  /** The leavers' emails, for the baseline to offboard the same people. */
  emails: string[];
  /** Trello requests per second from the burst's start. */
  timeline: CallSecond[];
}

export async function layoffBurst(
  leavers: number,
  timeScale: number,
  pacer: LayoffResult['pacer'] = 'memory',
): Promise<LayoffRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-bench-layoff-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const h = await startStackHarness({
    dataDir,
    inMemory: true,
    trelloPreset: '5k',
    trelloTimeScale: timeScale,
    // The local stack's exact in-memory pacer, or the records table's schedule as on AWS.
    trelloPacer: pacer,
    onLog: () => {},
  });
  try {
    const members = h.stack.trello.state
      .snapshot()
      .members.filter((m) => m.email && h.stack.idp?.user(m.email)?.signInActive)
      .filter((m) => {
        const row = h.stack.trello.state.member(m.id);
        return row?.licensed && !row.deactivated;
      });
    if (members.length < leavers + 1) {
      throw new Error(
        `The 5k preset has ${members.length} licensed members with an IdP user; asked for ${leavers}`,
      );
    }
    const leaving = members.slice(0, leavers);
    const staying = members.slice(leavers);
    const events = leaving.map((m, i) =>
      hrEvent('employee.terminated', { email: m.email as string, fullName: m.fullName, id: `E-LAYOFF-${i}` }),
    );
    await h.control('POST', '/rate-limits', { reset: true });
    h.stack.trello.resetCalls();
    const idpBefore = h.stack.idp?.stats() ?? { requests: 0, rateLimited: 0 };

    const started = Date.now();
    const arns = await Promise.all(events.map((e) => startOffboarding(h, e)));
    // One listing poll for the whole burst (a poll per execution would load the runtime itself).
    // Leavers with Power-Up or mobile tokens wait for an admin to delete them in the dashboard:
    // the bench answers those tasks as the admin would (declines them: the run then reports the
    // tokens as remaining), so every run can finish. Access is cut before any such task exists.
    const pending = new Set(arns);
    let tokenTasks = 0;
    // Progress as the simulators see it, once a minute and when a cut is complete: a long burst
    // on a slow machine says how far it got even if it is stopped before every run has finished.
    const progress = new BurstProgress(leaving, h, started);
    while (pending.size > 0) {
      await new Promise((r) => setTimeout(r, 1000));
      progress.report();
      tokenTasks += await declineTokenTasks(h);
      for (const record of h.stack.runtime.executions.list(h.stack.offboardingArn)) {
        if (record.status !== 'RUNNING') pending.delete(record.executionArn);
      }
    }
    const allRunsFinishedMs = Date.now() - started;

    const runs: Array<RunRecord | null> = [];
    for (const e of events) runs.push(await h.records.runs.getRun(offboardingRunId(e.id)));
    const endedAt = (cut: 'idp' | 'trello') =>
      Math.max(...runs.map((r) => Date.parse(r?.cuts?.[cut]?.endedAt ?? '') || Number.POSITIVE_INFINITY));
    const worst = (cut: 'idp' | 'trello') =>
      Math.max(...runs.map((r) => r?.cuts?.[cut]?.seconds ?? Number.POSITIVE_INFINITY));
    const notCut = leaving.filter(
      (m) =>
        !h.stack.trello.state.member(m.id)?.deactivated ||
        h.stack.idp?.user(m.email as string)?.signInActive !== false,
    ).length;
    const lockedOutBystanders = staying.filter(
      (m) =>
        h.stack.trello.state.member(m.id)?.deactivated ||
        h.stack.idp?.user(m.email as string)?.signInActive === false,
    ).length;

    const calls = h.stack.trello.calls();
    const window = 10_000 * timeScale;
    const seatPhaseFloorMs = ((leavers * CUT_CALLS_PER_LEAVER) / 100) * window;
    const allSeatsFreedMs = endedAt('trello') - started;
    const allSignInsCutMs = endedAt('idp') - started;
    const idpLimit = idpRateLimitOf(h.stack.idp?.kind ?? 'okta', null, timeScale);
    const signInPhaseFloorMs = ((leavers * OKTA_CUT_CALLS_PER_LEAVER) / idpLimit.max) * idpLimit.windowMs;
    const idpAfter = h.stack.idp?.stats() ?? { requests: 0, rateLimited: 0 };
    const result: LayoffResult = {
      name: 'layoff-burst',
      preset: '5k',
      leavers,
      timeScale,
      pacer,
      allSignInsCutMs,
      allSeatsFreedMs,
      allRunsFinishedMs,
      seatPhaseFloorMs: Math.round(seatPhaseFloorMs),
      seatPhaseRatioToFloor: Number((allSeatsFreedMs / seatPhaseFloorMs).toFixed(3)),
      signInPhaseFloorMs: Math.round(signInPhaseFloorMs),
      signInPhaseRatioToFloor: Number((allSignInsCutMs / signInPhaseFloorMs).toFixed(3)),
      idpCutCallsPerLeaver: OKTA_CUT_CALLS_PER_LEAVER,
      idpRate: `${idpLimit.max} per ${idpLimit.windowMs / 1000} s`,
      idpCalls: idpAfter.requests - idpBefore.requests,
      idpRateLimited: idpAfter.rateLimited - idpBefore.rateLimited,
      trelloCalls: calls.total,
      callsPerLeaver: Number((calls.total / leavers).toFixed(2)),
      rateLimited: calls.rateLimited,
      lockouts: h.stack.trello.rateLimitStats().lockouts,
      failedRuns: runs.filter((r) => r?.status !== 'succeeded' && r?.status !== 'succeeded-with-gaps').length,
      tokenTasks,
      notCut,
      lockedOutBystanders,
      worstTimeToCutSeconds: { idp: worst('idp'), trello: worst('trello') },
    };
    return {
      result,
      emails: leaving.map((m) => m.email as string),
      timeline: h.stack.trello.callTimeline(),
    };
  } finally {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function declineTokenTasks(h: StackHarness): Promise<number> {
  const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
  let decided = 0;
  for (const task of items.filter((a) => a.kind === 'delete-tokens')) {
    const answer = await adminRequest(h, 'POST', `/admin/approvals/${encodeURIComponent(task.id)}/reject`, {
      comment: 'benchmark: tokens left for later',
    });
    if (answer.status === 200) decided += 1;
  }
  return decided;
}

/** Prints what the simulators show of a burst: leavers cut in the IdP, seats freed in Trello. */
class BurstProgress {
  private lastPrinted = 0;
  private readonly done = { idp: false, trello: false };

  constructor(
    private readonly leaving: ReadonlyArray<{ id: string; email?: string | null }>,
    private readonly h: StackHarness,
    private readonly started: number,
  ) {}

  report(): void {
    const idp = this.leaving.filter(
      (m) => this.h.stack.idp?.user(m.email as string)?.signInActive === false,
    ).length;
    const trello = this.leaving.filter((m) => this.h.stack.trello.state.member(m.id)?.deactivated).length;
    const seconds = Math.round((Date.now() - this.started) / 1000);
    const all = this.leaving.length;
    for (const [cut, count, what] of [
      ['idp', idp, 'IdP sign-in cut'],
      ['trello', trello, 'seat freed'],
    ] as const) {
      if (count === all && !this.done[cut]) {
        this.done[cut] = true;
        console.info(`  … ${seconds} s: every ${what} (as the simulator shows it)`);
      }
    }
    if (seconds - this.lastPrinted >= 60) {
      this.lastPrinted = seconds;
      console.info(`  … ${seconds} s: ${idp}/${all} cut in the IdP, ${trello}/${all} deactivated in Trello`);
    }
  }
}

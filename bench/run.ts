/**
 * `npm run bench [-- onboarding|layoff|sweep|reconcile|lambdas|cost|runtime]`: runs the benchmarks (all by default), prints each against
 * its floor measured in the same run, and writes the results to bench/results/results.json (a
 * benchmark run alone replaces only its own entry).
 *
 * Onboarding burst: BENCH_HIRES (default 200) and BENCH_TIME_SCALE (default 0.2: 2 s token
 * windows). Below ~0.1 the local DynamoDB server (dynalite, ~400 operations/s, ~35 per hire) is
 * the bound, not Trello: the ratio then measures the stand-in, not Lanyard.
 * Layoff burst: BENCH_LAYOFF (default 1000 terminations on the 5k preset),
 * BENCH_LAYOFF_TIME_SCALE (default 1: Trello's real windows) and BENCH_LAYOFF_PACER (default
 * memory: the local stack's own; dynamodb: the records table's schedule, as deployed — at 1,000
 * on this stack its cuts stall, README "Benchmarks").
 * Idle-seat sweep: BENCH_SWEEP_PRESET (default 100k), BENCH_SWEEP_TIME_SCALE (default 0.1),
 * BENCH_SWEEP_INACTIVE_DAYS (default 30: a fifth of the Enterprise idle).
 * Drift reconciliation: BENCH_RECONCILE_PRESET (default 100k; or 5k) and
 * BENCH_RECONCILE_TIME_SCALE (default 0.1), a report-mode run against the floor of its Trello
 * reads (bench/drift-reconciliation.ts).
 * Lambda footprint: every function's bundle size and module init against 300 kB and 150 ms
 * (bench/lambda-footprint.ts); BENCH_LAMBDA_RUNS (default 5) fresh processes per function.
 * Workflow cost: what one onboarding and one offboarding cost on AWS (transitions, Lambda, DynamoDB
 * units, from real local runs) per 1,000 against $0.50 (bench/workflow-cost.ts); BENCH_COST_RUNS
 * (default 3) measured runs per case, BENCH_COST_TIME_SCALE (default 1), BENCH_COST_PACER
 * (default dynamodb, as deployed; or memory).
 * Local runtime overhead (P6): the local Step Functions runtime per state transition
 * (BENCH_RUNTIME_EXECUTIONS, default 500, of 20 transitions) and BENCH_RUNTIME_HIRES (default
 * 1000) onboardings with Trello's limits off (bench/local-runtime-overhead.ts).
 */
import './quiet-logs.ts';
import '../infra/local/runtime/node20-polyfills.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { burstChart, type ChartPanel } from './burst-chart.ts';
import { driftReconciliation } from './drift-reconciliation.ts';
import { idleSeatSweep } from './idle-seat-sweep.ts';
import { footprintReport, lambdaFootprint } from './lambda-footprint.ts';
import { layoffBurst } from './layoff-burst.ts';
import { localRuntimeOverhead } from './local-runtime-overhead.ts';
import { onboardingBurst } from './onboarding-burst.ts';
import { peerScriptBaseline } from './peer-script-baseline.ts';
import { costReport, workflowCost } from './workflow-cost.ts';

const which = process.argv[2] ?? 'all';
if (!['all', 'onboarding', 'layoff', 'sweep', 'reconcile', 'lambdas', 'cost', 'runtime'].includes(which)) {
  console.error(
    `usage: npm run bench [-- onboarding|layoff|sweep|reconcile|lambdas|cost|runtime] (got "${which}")`,
  );
  process.exit(2);
}

const results: Array<{ name: string } & Record<string, unknown>> = [];
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(resultsDir, { recursive: true });
let ok = true;

/** A burst's Trello requests per second against the token's limit, beside the results. */
function writeBurstChart(file: string, what: string, timeScale: number, panels: ChartPanel[]): void {
  const chart = path.join(resultsDir, file);
  writeFileSync(
    chart,
    burstChart({
      title: `${what} — Trello requests per second (${10_000 * timeScale} ms windows)`,
      limitPerSecond: 100 / (10 * timeScale),
      panels,
    }),
  );
  console.log(`  chart             ${path.relative(process.cwd(), chart)}`);
}

if (which === 'all' || which === 'onboarding') {
  const timeScale = Number(process.env.BENCH_TIME_SCALE ?? 0.2);
  const { result, timeline } = await onboardingBurst(Number(process.env.BENCH_HIRES ?? 200), timeScale);
  console.log(`
onboarding burst: ${result.succeeded}/${result.hires} hires succeeded
  Trello calls      ${result.trelloCalls} (${result.callsPerHire.toFixed(2)} per hire), 429s ${result.rateLimited}, lockouts ${result.lockouts}
  wall time         ${result.wallMs} ms
  floor             ${result.floorMs} ms  (calls ÷ 100 per ${10_000 * timeScale} ms token window)
  ratio to floor    ${result.ratioToFloor}×`);
  writeBurstChart('onboarding-burst.svg', `Onboarding: ${result.hires} hires at once`, timeScale, [
    {
      title: 'Lanyard (shared pacer)',
      summary: `${result.succeeded}/${result.hires} onboarded in ${(result.wallMs / 1000).toFixed(1)} s (${result.ratioToFloor}× the floor); ${result.rateLimited} 429s, ${result.lockouts} lockouts`,
      timeline,
    },
  ]);
  results.push({ ...result, measuredAt: new Date().toISOString() });
  ok &&= result.succeeded === result.hires && result.lockouts === 0;
}

if (which === 'all' || which === 'layoff') {
  const timeScale = Number(process.env.BENCH_LAYOFF_TIME_SCALE ?? 1);
  const {
    result: r,
    emails,
    timeline,
  } = await layoffBurst(
    Number(process.env.BENCH_LAYOFF ?? 1000),
    timeScale,
    process.env.BENCH_LAYOFF_PACER === 'dynamodb' ? 'dynamodb' : 'memory',
  );
  // The baseline after Lanyard's run, on a fresh simulator: the two never share a rate window.
  const b = await peerScriptBaseline(emails, timeScale);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const sound =
    r.failedRuns === 0 &&
    r.notCut === 0 &&
    r.lockedOutBystanders === 0 &&
    r.lockouts === 0 &&
    r.idpRateLimited === 0;
  console.log(`
layoff burst: ${r.leavers} terminations at once (5k preset, ${10_000 * timeScale} ms token windows, ${r.pacer} pacer)
  every IdP sign-in cut   ${s(r.allSignInsCutMs)}   (worst single time to cut ${r.worstTimeToCutSeconds.idp} s)
  sign-in phase floor     ${s(r.signInPhaseFloorMs)}   (${r.leavers} × ${r.idpCutCallsPerLeaver} cut calls at the IdP's ${r.idpRate}; ${r.signInPhaseRatioToFloor}×)
  IdP calls               ${r.idpCalls}, 429s ${r.idpRateLimited}
  every seat freed        ${s(r.allSeatsFreedMs)}   (worst ${r.worstTimeToCutSeconds.trello} s)
  every run finished      ${s(r.allRunsFinishedMs)}
  seat phase floor        ${s(r.seatPhaseFloorMs)}   (${r.leavers} × 3 cut calls ÷ 100 per window)
  seat phase ÷ floor      ${r.seatPhaseRatioToFloor}×
  Trello calls            ${r.trelloCalls} (${r.callsPerLeaver} per leaver), 429s ${r.rateLimited}, lockouts ${r.lockouts}
  token tasks answered    ${r.tokenTasks} (declined by the bench as an admin)
  failed runs ${r.failedRuns}, leavers not cut ${r.notCut}, bystanders locked out ${r.lockedOutBystanders}
  ${sound ? 'sound' : 'NOT SOUND'}
baseline (public admin scripts: ${b.strategy}; Trello only, no IdP cut), same leavers, fresh simulator
  every script ended      ${s(b.wallMs)}
  Trello calls            ${b.trelloCalls}, 429s ${b.rateLimited}, lockouts ${b.lockouts}
  left with access        ${b.leftWithAccess} of ${b.leavers} still active in Trello, all ${b.leavers} still able to sign in`);
  writeBurstChart('layoff-burst.svg', `Layoff: ${r.leavers} terminations at once`, timeScale, [
    {
      title: 'Lanyard (shared pacer, cuts first)',
      summary: `all seats freed in ${s(r.allSeatsFreedMs)}; ${r.rateLimited} 429s, ${r.lockouts} lockouts, ${r.notCut} left with access`,
      timeline,
    },
    {
      title: 'Baseline: all at once, 3 retries after 1 s',
      summary: `ended in ${s(b.wallMs)}; ${b.rateLimited} 429s, ${b.lockouts} lockouts, ${b.leftWithAccess} left active in Trello`,
      timeline: b.timeline,
    },
  ]);
  const { timeline: _baselineTimeline, ...baseline } = b;
  results.push({ ...r, baseline, measuredAt: new Date().toISOString() });
  ok &&= sound;
}

if (which === 'all' || which === 'sweep') {
  const preset = process.env.BENCH_SWEEP_PRESET === '5k' ? '5k' : '100k';
  const timeScale = Number(process.env.BENCH_SWEEP_TIME_SCALE ?? 0.1);
  const result = await idleSeatSweep({
    preset,
    timeScale,
    inactiveDays: Number(process.env.BENCH_SWEEP_INACTIVE_DAYS ?? 30),
  });
  const within =
    (result.bound === null || result.ratioToFloor <= result.bound) &&
    result.historyEvents <= result.historyLimit;
  console.log(`
idle-seat sweep (${result.preset} preset, auto, not active for ${result.inactiveDays} days): ${result.status}
  idle listed       ${result.idleListed}: ${result.reclaimed} reclaimed, ${result.skipped} skipped
  Trello calls      ${result.trelloCalls} (floor ${result.floorCalls}: ${Math.ceil(result.idleListed / 100)} pages + ${result.floorCalls - Math.ceil(result.idleListed / 100)} reclaims), 429s ${result.rateLimited}, lockouts ${result.lockouts}
  wall time         ${result.wallMs} ms
  floor             ${result.floorMs} ms  (floor calls ÷ 100 per ${10_000 * timeScale} ms token window)
  ratio to floor    ${result.ratioToFloor}×  (${result.bound === null ? 'no bound below the 100k preset' : `bound ${result.bound}×`})
  phases            ${Object.entries(result.phasesMs)
    .map(([p, ms]) => `${p} ${ms} ms`)
    .join(', ')}
  history events    ${result.historyEvents} (limit ${result.historyLimit})
  ${within ? 'within bounds' : 'OUT OF BOUNDS'}`);
  results.push({ ...result, measuredAt: new Date().toISOString() });
  ok &&= within && result.status === 'succeeded' && result.lockouts === 0;
}

if (which === 'all' || which === 'reconcile') {
  const timeScale = Number(process.env.BENCH_RECONCILE_TIME_SCALE ?? 0.1);
  const r = await driftReconciliation({
    preset: process.env.BENCH_RECONCILE_PRESET === '5k' ? '5k' : '100k',
    timeScale,
  });
  const within = (r.bound === null || r.ratioToFloor <= r.bound) && r.historyEvents <= r.historyLimit;
  const list = (counts: Record<string, number>, unit = '') =>
    Object.entries(counts)
      .map(([what, n]) => `${what} ${n}${unit}`)
      .join(', ') || 'none';
  console.log(`
drift reconciliation (${r.preset} preset, report mode): ${r.status}
  members           ${r.licensedMembers} licensed, ${r.deactivatedMembers} deactivated
  Trello calls      ${r.trelloCalls} (floor ${r.floorCalls}: the query pages of both and the seats read), 429s ${r.rateLimited}, lockouts ${r.lockouts}
  by route          ${list(r.trelloCallsByRoute)}
  IdP reads         ${r.idpReads}, 429s ${r.idpRateLimited}
  wall time         ${r.wallMs} ms
  floor             ${r.floorMs} ms  (${r.boundBy === 'idp' ? `the IdP reads at the provider's rate; the Trello floor is ${r.floorCalls} calls ÷ 100 per ${10_000 * timeScale} ms token window` : `floor calls ÷ 100 per ${10_000 * timeScale} ms token window; the IdP reads at its rate need ${r.idpFloorMs} ms`})
  ratio to floor    ${r.ratioToFloor}×  (${r.bound === null ? 'no bound below the 100k preset' : `bound ${r.bound}×`})
  phases            ${list(r.phasesMs, ' ms')}
  findings          ${list(r.findingsByKind)}
  history events    ${r.historyEvents} (limit ${r.historyLimit})
  ${within ? 'within bounds' : 'OUT OF BOUNDS'}`);
  results.push({ ...r, measuredAt: new Date().toISOString() });
  ok &&= within && r.status === 'succeeded' && r.lockouts === 0;
}

if (which === 'all' || which === 'lambdas') {
  const result = await lambdaFootprint({ runs: Number(process.env.BENCH_LAMBDA_RUNS ?? 5) });
  console.log(`\n${footprintReport(result)}`);
  results.push({ ...result, measuredAt: new Date().toISOString() });
  ok &&= result.over.length === 0;
}

if (which === 'all' || which === 'cost') {
  const result = await workflowCost({
    runs: Number(process.env.BENCH_COST_RUNS ?? 3),
    timeScale: Number(process.env.BENCH_COST_TIME_SCALE ?? 1),
    pacer: process.env.BENCH_COST_PACER === 'memory' ? 'memory' : 'dynamodb',
  });
  console.log(`\n${costReport(result)}`);
  results.push({ ...result, measuredAt: new Date().toISOString() });
  ok &&= result.failedRuns === 0 && result.cases.every((c) => c.withinGoal);
}

if (which === 'all' || which === 'runtime') {
  const r = await localRuntimeOverhead({
    executions: Number(process.env.BENCH_RUNTIME_EXECUTIONS ?? 500),
    hires: Number(process.env.BENCH_RUNTIME_HIRES ?? 1000),
  });
  const o = r.onboardings;
  console.log(`
local runtime overhead (P6)
  state transitions       ${r.transitions} (${r.executions} executions × ${r.transitionsPerExecution}: no-op Lambda Tasks and Pass states, all at once)
  wall time               ${r.wallMs} ms: ${r.microsecondsPerTransition} µs per transition, ${r.transitionsPerSecond} transitions/s
  onboardings, limits off ${o.succeeded}/${o.hires} succeeded in ${(o.wallMs / 1000).toFixed(1)} s (${o.hiresPerSecond} hires/s, ${o.trelloCalls} Trello calls)`);
  results.push({ ...r, measuredAt: new Date().toISOString() });
  ok &&= o.succeeded === o.hires;
}

const file = path.join(resultsDir, 'results.json');
const earlier = existsSync(file)
  ? ((JSON.parse(readFileSync(file, 'utf8')) as { results?: Array<{ name: string }> }).results ?? [])
  : [];
const names = new Set(results.map((r) => r.name));
writeFileSync(
  file,
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      node: process.version,
      results: [...earlier.filter((r) => !names.has(r.name)), ...results],
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
process.exit(ok ? 0 : 1);

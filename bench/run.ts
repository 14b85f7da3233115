/**
 * `npm run bench [-- onboarding|sweep]`: runs the benchmarks (all by default), prints each against
 * its floor measured in the same run, and writes the results to bench/results/results.json (a
 * benchmark run alone replaces only its own entry).
 *
 * Onboarding burst: BENCH_HIRES (default 200) and BENCH_TIME_SCALE (default 0.2: 2 s token
 * windows). Below ~0.1 the local DynamoDB server (dynalite, ~400 operations/s, ~35 per hire) is
 * the bound, not Trello: the ratio then measures the stand-in, not Lanyard.
 * Idle-seat sweep: BENCH_SWEEP_PRESET (default 100k), BENCH_SWEEP_TIME_SCALE (default 0.1),
 * BENCH_SWEEP_INACTIVE_DAYS (default 30: a fifth of the Enterprise idle).
 */
import '../infra/local/runtime/node20-polyfills.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { idleSeatSweep } from './idle-seat-sweep.ts';
import { onboardingBurst } from './onboarding-burst.ts';

const which = process.argv[2] ?? 'all';
if (!['all', 'onboarding', 'sweep'].includes(which)) {
  console.error(`usage: npm run bench [-- onboarding|sweep] (got "${which}")`);
  process.exit(2);
}

const results: Array<{ name: string } & Record<string, unknown>> = [];
let ok = true;

if (which === 'all' || which === 'onboarding') {
  const timeScale = Number(process.env.BENCH_TIME_SCALE ?? 0.2);
  const result = await onboardingBurst(Number(process.env.BENCH_HIRES ?? 200), timeScale);
  console.log(`
onboarding burst: ${result.succeeded}/${result.hires} hires succeeded
  Trello calls      ${result.trelloCalls} (${result.callsPerHire.toFixed(2)} per hire), 429s ${result.rateLimited}, lockouts ${result.lockouts}
  wall time         ${result.wallMs} ms
  floor             ${result.floorMs} ms  (calls ÷ 100 per ${10_000 * timeScale} ms token window)
  ratio to floor    ${result.ratioToFloor}×`);
  results.push({ ...result, measuredAt: new Date().toISOString() });
  ok &&= result.succeeded === result.hires && result.lockouts === 0;
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

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'results.json');
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

/**
 * `npm run bench`: runs the benchmarks, prints each against its floor measured in the same run,
 * and writes the results to bench/results/results.json.
 * BENCH_HIRES (default 200) and BENCH_TIME_SCALE (default 0.2: 2 s token windows) size the burst.
 * Below ~0.1 the local DynamoDB server (dynalite, ~400 operations/s, ~35 per hire) is the bound,
 * not Trello: the ratio then measures the stand-in, not Lanyard.
 */
import '../infra/local/runtime/node20-polyfills.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onboardingBurst } from './onboarding-burst.ts';

const hires = Number(process.env.BENCH_HIRES ?? 200);
const timeScale = Number(process.env.BENCH_TIME_SCALE ?? 0.2);

const result = await onboardingBurst(hires, timeScale);
console.log(`
onboarding burst: ${result.succeeded}/${result.hires} hires succeeded
  Trello calls      ${result.trelloCalls} (${result.callsPerHire.toFixed(2)} per hire), 429s ${result.rateLimited}, lockouts ${result.lockouts}
  wall time         ${result.wallMs} ms
  floor             ${result.floorMs} ms  (calls ÷ 100 per ${10_000 * timeScale} ms token window)
  ratio to floor    ${result.ratioToFloor}×`);

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'results.json');
writeFileSync(
  file,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results: [result] }, null, 2)}\n`,
);
console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
process.exit(result.succeeded === result.hires && result.lockouts === 0 ? 0 : 1);

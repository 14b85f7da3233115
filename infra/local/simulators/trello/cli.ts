import { parseArgs } from 'node:util';
import { PRESETS, PresetName } from './state-schema.ts';
import { startTrelloSimulator } from './trello-server.ts';

/**
 * `npm run sim:trello -- --port N --seed PRESET [--seed-number S] [--time-scale X] [--no-rate-limits] [--state-file F] [--verbose]`
 * Starts the simulator alone and prints where it listens. With `--state-file`, the model is kept
 * in that file (and `F.journal`) and survives a restart, even after `kill -9`. Credentials are fetched from
 * GET /_sim/info rather than printed, so they do not end up in terminal logs.
 */
function usage(message: string): never {
  console.error(
    `${message}\nusage: sim:trello -- [--port N] [--seed ${PRESETS.join('|')}] [--seed-number N] [--time-scale X] [--no-rate-limits] [--state-file F] [--verbose]`,
  );
  process.exit(2);
}

function numberOption(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) usage(`--${name} must be a number`);
  return value;
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        'seed-number': { type: 'string' },
        'time-scale': { type: 'string' },
        'no-rate-limits': { type: 'boolean', default: false },
        'state-file': { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}

const { values } = parseCommandLine();

const preset = PresetName.safeParse(values.seed ?? 'demo');
if (!preset.success) usage(`--seed must be one of ${PRESETS.join(', ')}`);
const port = numberOption(values.port, 'port', 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  usage('--port must be an integer between 0 and 65535');
const timeScale = numberOption(values['time-scale'], 'time-scale', 1);
if (timeScale <= 0) usage('--time-scale must be positive');

const started = performance.now();
const sim = await startTrelloSimulator({
  port,
  preset: preset.data,
  seed: numberOption(values['seed-number'], 'seed-number', 1),
  timeScale,
  rateLimits: !values['no-rate-limits'],
  stateFile: values['state-file'],
  log: values.verbose ? (line) => console.log(line) : undefined,
});
const info = sim.info();
console.log(
  `Trello simulator: ${sim.url} (API ${sim.url}/1, control plane ${sim.url}/_sim/info) — preset ${info.preset}, ` +
    `seed ${info.seed}, ${info.members} members, enterprise ${info.enterpriseId}, ` +
    `ready in ${Math.round(performance.now() - started)} ms. Ctrl-C to stop.`,
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: closing the Trello simulator…`);
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

import { parseArgs } from 'node:util';
import { IdpKinds } from '../../../../functions/ports/identity-provider.ts';
import { startIdpSimulatorOf } from './start-idp-simulator.ts';

/**
 * `npm run sim:idp -- --kind okta|entra|google|atlassian|scim [--port N] [--seed S] [--state-file F]`
 * Starts one IdP simulator alone and prints where it listens. With `--state-file`, its users are
 * kept in that file (and `F.journal`) and survive a restart, even after `kill -9`. Credentials are
 * fetched from GET /__control/info rather than printed, so they do not end up in terminal logs.
 */
function usage(message: string): never {
  console.error(
    `${message}\nusage: sim:idp -- --kind ${IdpKinds.join('|')} [--port N] [--seed N] [--state-file F]`,
  );
  process.exit(2);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        kind: { type: 'string' },
        port: { type: 'string', default: '0' },
        seed: { type: 'string', default: '1' },
        'state-file': { type: 'string' },
      },
      strict: true,
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}

const { values } = parseCommandLine();
const kind = IdpKinds.find((k) => k === values.kind);
if (!kind) usage(`--kind must be one of ${IdpKinds.join(', ')}`);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  usage('--port must be an integer between 0 and 65535');
const seed = Number(values.seed);
if (!Number.isInteger(seed)) usage('--seed must be an integer');

const sim = await startIdpSimulatorOf(kind, { port, seed, stateFile: values['state-file'] });
console.log(`IdP simulator (${kind}): ${sim.url} (control plane ${sim.url}/__control/info). Ctrl-C to stop.`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: closing the ${kind} simulator…`);
  sim.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

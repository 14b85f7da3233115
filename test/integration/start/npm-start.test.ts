/**
 * `npm start` as a person runs it: `npx tsx infra/local/start.ts` spawned with its own data dir
 * and ports. It logs quietly unless LANYARD_LOG_LEVEL asks, names the function that really ran
 * on each line, explains a busy port in one line, and stops on SIGTERM sent to npm — leaving no
 * process behind and its ports free. Every wait polls for the outcome; none times the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { STEP_ID_VARIABLE } from '../../../infra/step-catalog.ts';
import { allFree, freeBase } from '../../support/free-ports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Generous: two loaded cores synthesize the app and start every server. */
const READY_MS = 300_000;
const STOPPED_MS = 120_000;
const WHOLE_TEST_MS = 2 * READY_MS + 2 * STOPPED_MS;

interface Started {
  child: ChildProcess;
  dataDir: string;
  stdout(): string;
  stderr(): string;
  /** npx's exit code. */
  exited: Promise<number | null>;
  /** Every process holding its output (npm, sh, tsx, the stack) has ended. */
  closed: Promise<void>;
}

const running: Started[] = [];
const holders: Server[] = [];

afterEach(async () => {
  // A failed test still stops what it started: the process group of its own npx, by its id.
  for (const started of running.splice(0)) {
    try {
      if (started.child.pid) process.kill(-started.child.pid, 'SIGTERM');
    } catch {
      // The group has ended already.
    }
    await Promise.race([started.closed, sleep(STOPPED_MS)]);
  }
  for (const server of holders.splice(0)) await new Promise((done) => server.close(done));
}, STOPPED_MS + 30_000);

function startLanyard(env: Record<string, string>): Started {
  const dataDir = env.LANYARD_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'lanyard-start-'));
  // What the test runner sets (POWERTOOLS_LOG_LEVEL=SILENT) must not decide the stack's logging.
  const {
    POWERTOOLS_LOG_LEVEL,
    LANYARD_LOG_LEVEL,
    LANYARD_ADMIN_TOKEN,
    LANYARD_WEBHOOK_SECRET,
    ...inherited
  } = process.env;
  const child = spawn('npx', ['tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: { ...inherited, LANYARD_TRELLO_PRESET: 'tiny', ...env, LANYARD_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the cleanup above can end whatever of it a failed test leaves.
    detached: true,
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const started: Started = {
    child,
    dataDir,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    closed: new Promise((resolve) => child.once('close', () => resolve())),
  };
  running.push(started);
  return started;
}

async function ready(started: Started): Promise<void> {
  await poll('the stack to be ready', READY_MS, () => started.stdout().includes('Ctrl-C stops'), started);
}

/** Stops it as a process manager (or `kill <npm pid>`) would: SIGTERM to npm, nothing else. */
async function stopWithSigterm(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  await Promise.race([
    started.closed,
    sleep(STOPPED_MS).then(() => {
      throw new Error(`npm start's processes still run ${STOPPED_MS} ms after SIGTERM:\n${started.stdout()}`);
    }),
  ]);
  running.splice(running.indexOf(started), 1);
}

async function poll(
  what: string,
  timeoutMs: number,
  probe: () => boolean | Promise<boolean>,
  started?: Started,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}${started ? `\n${started.stdout()}\n${started.stderr()}` : ''}`,
      );
    await sleep(250);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hold(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
    holders.push(server);
  });
}

/** The JSON log lines the stack printed (Powertools writes WARN and above to stderr). */
function logLines(started: Started): Array<Record<string, unknown>> {
  return `${started.stdout()}\n${started.stderr()}`
    .split('\n')
    .filter((line) => line.startsWith('{"level"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The synthesized admin API function's name, as the template the stack ran names it. */
function adminFunctionName(dataDir: string): string {
  const template = JSON.parse(
    readFileSync(path.join(dataDir, 'cdk.out', 'Lanyard.template.json'), 'utf8'),
  ) as {
    Resources: Record<
      string,
      { Type: string; Properties?: { Environment?: { Variables?: Record<string, string> } } }
    >;
  };
  const found = Object.entries(template.Resources).find(
    ([, r]) =>
      r.Type === 'AWS::Lambda::Function' &&
      r.Properties?.Environment?.Variables?.[STEP_ID_VARIABLE] === 'admin-api',
  );
  if (!found) throw new Error('The template has no admin API function');
  return found[0];
}

async function admin(started: Started, base: number, method: string, route: string, init: RequestInit = {}) {
  const { adminToken } = JSON.parse(readFileSync(path.join(started.dataDir, 'secrets.json'), 'utf8')) as {
    adminToken: string;
  };
  return fetch(`http://127.0.0.1:${base}${route}`, {
    ...init,
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...init.headers },
  });
}

describe('npm start', () => {
  it(
    "logs quietly by default, names the function that ran, scales Trello's windows, and stops on SIGTERM to npm, freeing its ports",
    async () => {
      const base = await freeBase();
      const started = startLanyard({ LANYARD_PORT: String(base), LANYARD_TRELLO_TIME_SCALE: '0.5' });
      await ready(started);
      expect(started.stdout()).toContain(
        "Rate windows ×0.5 (LANYARD_TRELLO_TIME_SCALE): 100 calls per token per 5 s, for the simulator and Lanyard's pacer alike",
      );
      // Lanyard's functions pace with the same windows as the simulator they call.
      const endpoints = JSON.parse(readFileSync(path.join(started.dataDir, 'endpoints.json'), 'utf8')) as {
        trello: string;
      };
      const sim = (await (await fetch(`${endpoints.trello}/_sim/info`)).json()) as { timeScale?: number };
      expect(sim.timeScale).toBe(0.5);
      // A step has run (the seat watch fires at start), so a logger that kept the last step's
      // Lambda context would name that step on the admin API's lines.
      await poll(
        'the seat watch to run',
        READY_MS,
        () => /WatchSeats\w* ran/.test(started.stdout()),
        started,
      );
      expect((await admin(started, base, 'GET', '/admin/seats')).status).toBe(200);
      const refused = await admin(started, base, 'POST', '/admin/approvals/nobody/approve', {
        headers: { 'content-type': 'text/plain' },
        body: 'not json',
      });
      expect(refused.status).toBe(415);
      await poll(
        'the WARN line of the refused request',
        STOPPED_MS,
        () => logLines(started).some((l) => l.message === 'admin API request refused'),
        started,
      );

      const refusal = logLines(started).find((l) => l.message === 'admin API request refused');
      expect(refusal).toMatchObject({
        level: 'WARN',
        function_name: adminFunctionName(started.dataDir),
        status: 415,
      });
      expect(refusal).not.toHaveProperty('step');
      expect(logLines(started).filter((l) => l.message === 'admin request')).toEqual([]);

      await stopWithSigterm(started);
      expect(started.stdout()).toContain('Stopped.');
      await poll('its ports to be free', STOPPED_MS, () => allFree(base));
    },
    WHOLE_TEST_MS,
  );

  it(
    'with LANYARD_LOG_LEVEL=debug logs each admin request; a second start on its ports says why in one line',
    async () => {
      const base = await freeBase();
      const first = startLanyard({ LANYARD_PORT: String(base), LANYARD_LOG_LEVEL: 'debug' });
      await ready(first);
      expect((await admin(first, base, 'GET', '/admin/runs')).status).toBe(200);
      await poll(
        'the admin request line',
        STOPPED_MS,
        () => logLines(first).some((l) => l.message === 'admin request' && l.route === '/admin/runs'),
        first,
      );
      expect(
        logLines(first).find((l) => l.message === 'admin request' && l.route === '/admin/runs'),
      ).toMatchObject({
        level: 'INFO',
        function_name: adminFunctionName(first.dataDir),
        status: 200,
      });

      const second = startLanyard({ LANYARD_PORT: String(base) });
      expect(await second.exited).toBe(1);
      const said = second
        .stderr()
        .split('\n')
        .filter((line) => line.includes(`port ${base}`));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(`Cannot start: port ${base} (the API and console) is in use.`);
      expect(said[0]).toMatch(`Lanyard takes ports ${base}–${base + 5} from LANYARD_PORT (default 4100)`);
      expect(said[0]).toMatch(`another Lanyard is running there (its console: http://127.0.0.1:${base}/)`);
      expect(said[0]).toMatch(/start on other ports, e\.g\. LANYARD_PORT=\d+ npm start$/);
      expect(second.stderr()).not.toMatch(/EADDRINUSE|^\s+at /m);

      await stopWithSigterm(first);
      await poll('its ports to be free', STOPPED_MS, () => allFree(base));
    },
    WHOLE_TEST_MS,
  );

  it(
    'names a port another program holds, and what to do, in one line',
    async () => {
      const base = await freeBase();
      await hold(base + 1);
      const started = startLanyard({ LANYARD_PORT: String(base) });
      expect(await started.exited).toBe(1);
      const said = started
        .stderr()
        .split('\n')
        .filter((line) => line.includes(`port ${base + 1}`));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(`Cannot start: port ${base + 1} (the Trello simulator) is in use.`);
      expect(said[0]).toMatch(`something else holds it (\`lsof -iTCP:${base + 1} -sTCP:LISTEN\` names it)`);
      expect(said[0]).toMatch(/LANYARD_PORT=\d+ npm start$/);
      expect(started.stderr()).not.toMatch(/EADDRINUSE|^\s+at /m);
    },
    READY_MS,
  );
});

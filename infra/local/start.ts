/**
 * `npm start`: Lanyard on 127.0.0.1 — the HTTP API and console, Trello simulator, DynamoDB server,
 * local Step Functions and EventBridge endpoints — keeping its data under LANYARD_DATA_DIR between
 * runs. Ctrl-C, SIGTERM, or the end of the `npm start` that launched it stop it the same way;
 * runs still in flight are run again from their start next time (every step is idempotent).
 *
 * Handlers log through Powertools at WARN here (LANYARD_LOG_LEVEL=info or debug shows every HR
 * event and admin request), so the terminal shows what needs a person, not every request.
 */
import './runtime/node20-polyfills.ts';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { logger } from '../../functions/composition/powertools.ts';
import { SweepModes } from '../../functions/core/model/sweep-vocabulary.ts';
import { IdpKinds } from '../../functions/ports/identity-provider.ts';
import type { DeployConfig } from '../deploy-config.ts';
import { LOCAL_MAIL_FROM, startLocalStack } from './local-stack.ts';

const LogLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const Env = z.object({
  LANYARD_PORT: z.coerce.number().int().min(1024).max(65_000).default(4100),
  LANYARD_DATA_DIR: z.string().min(1).default('.lanyard'),
  LANYARD_TRELLO_PRESET: z.enum(['tiny', 'demo', '5k', '100k']).default('demo'),
  /**
   * Shrinks Trello's rate windows for the simulator and Lanyard's pacer together (0.1: 100 calls per
   * token in 1 s instead of 10 s), so a burst demo runs faster at the same ratios. Below about 0.1
   * the local DynamoDB, not Trello, sets the pace.
   */
  LANYARD_TRELLO_TIME_SCALE: z.coerce.number().min(0.01).max(1).default(1),
  /**
   * Who manages the simulated Enterprise's users: `trello`, or `adminhub` (Atlassian Administration:
   * seats and deactivation through an Atlassian simulator on LANYARD_PORT + 6).
   */
  LANYARD_TRELLO_MODE: z.enum(['trello', 'adminhub']).default('trello'),
  /** Which IdP simulator offboarding cuts SSO in (`none`: no IdP, reported as a gap). */
  LANYARD_IDP_SIMULATOR: z.enum(['none', ...IdpKinds]).default('okta'),
  LANYARD_IDP_SCOPE: z.enum(['sign-in', 'account']).default('sign-in'),
  /** A Scheduler expression to sweep idle seats by itself (fired by the local runtime), and how. */
  LANYARD_SWEEP_SCHEDULE: z.string().optional(),
  LANYARD_SWEEP_MODE: z.enum(SweepModes).default('report'),
  /** The handlers' log level on this terminal; unset: POWERTOOLS_LOG_LEVEL, else warn. */
  LANYARD_LOG_LEVEL: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(LogLevels))
    .optional(),
});

/** Trello's rate windows as the simulator and Lanyard's pacer both run them. */
function windowsLine(scale: number): string {
  const window = `${Number((10 * scale).toFixed(2))} s`;
  return scale === 1
    ? `Rate windows as Trello's: 100 calls per token per ${window} (LANYARD_TRELLO_TIME_SCALE shrinks them)`
    : `Rate windows ×${scale} (LANYARD_TRELLO_TIME_SCALE): 100 calls per token per ${window}, for the simulator and Lanyard's pacer alike`;
}

/** The stack's ports, as offsets from LANYARD_PORT (the order local-stack.ts starts them in is irrelevant here). */
const PORTS = [
  { offset: 0, what: 'the API and console' },
  { offset: 1, what: 'the Trello simulator' },
  { offset: 2, what: 'DynamoDB' },
  { offset: 3, what: 'Step Functions' },
  { offset: 4, what: 'EventBridge' },
  { offset: 5, what: 'the IdP simulator' },
  { offset: 6, what: 'the Atlassian Administration simulator (AdminHub mode)' },
] as const;

/** Who manages the Enterprise's users, said at start (LANYARD_TRELLO_MODE). */
function managementLine(atlassianUrl: string | null): string {
  return atlassianUrl === null
    ? 'Trello (LANYARD_TRELLO_MODE=adminhub: an Enterprise managed in Atlassian Administration)'
    : `Atlassian Administration (AdminHub): seats and deactivation at ${atlassianUrl}; Trello refuses its own`;
}

/** The ports this start uses: the IdP's only with one; +6 only when AdminHub needs an Atlassian simulator of its own. */
function portsOf(env: z.infer<typeof Env>) {
  const ownAdminHubSim = env.LANYARD_TRELLO_MODE === 'adminhub' && env.LANYARD_IDP_SIMULATOR !== 'atlassian';
  return PORTS.filter(
    (p) => (p.offset !== 5 || env.LANYARD_IDP_SIMULATOR !== 'none') && (p.offset !== 6 || ownAdminHubSim),
  );
}

const lastOffset = (env: z.infer<typeof Env>) => Math.max(5, ...portsOf(env).map((p) => p.offset));

/** What the guard does, said at start — and that it is off, when it is. */
function guardLine(guard: DeployConfig['massChangeGuard']): string {
  if (guard === 'off')
    return 'OFF: any number of terminations or sweep reclaims runs at once (massChangeGuard: "off")';
  const share = (s: number | null) => (s === null ? '' : ` or ${Math.round(s * 100)} % of licensed members`);
  const { terminations: t, reclaims: r } = guard;
  return `more than ${t.maxCount} terminations in ${t.windowMinutes} min${share(t.maxShare)} wait for an admin (npx lanyard quarantine); so does a sweep reclaiming more than ${r.maxCount} seats${share(r.maxShare)}`;
}

async function main(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    console.error(
      `Cannot start: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    process.exit(2);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.LANYARD_DATA_DIR);
  // The logger exists before main runs (imported with the stack), so its level is set, not read.
  logger.setLogLevel(
    (env.LANYARD_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'warn').toUpperCase() as 'WARN',
  );
  const ports = portsOf(env);
  for (const { offset } of ports) {
    if (!(await portIsFree(env.LANYARD_PORT + offset))) {
      console.error(await busyPortLine(env.LANYARD_PORT, env.LANYARD_PORT + offset, lastOffset(env)));
      process.exit(1);
    }
  }
  const stack = await startLocalStack({
    dataDir,
    basePort: env.LANYARD_PORT,
    trelloPreset: env.LANYARD_TRELLO_PRESET,
    trelloTimeScale: env.LANYARD_TRELLO_TIME_SCALE,
    trelloMode: env.LANYARD_TRELLO_MODE,
    idp: env.LANYARD_IDP_SIMULATOR === 'none' ? null : env.LANYARD_IDP_SIMULATOR,
    idpScope: env.LANYARD_IDP_SCOPE,
    // The rest of `sweep` takes the deploy config's defaults when the stack parses it.
    ...(env.LANYARD_SWEEP_SCHEDULE && {
      config: {
        sweep: {
          schedule: env.LANYARD_SWEEP_SCHEDULE,
          mode: env.LANYARD_SWEEP_MODE,
          // Local mail goes to the outbox file, so any sender will do.
          askFirst: { from: LOCAL_MAIL_FROM, answerDays: 7 },
        } as DeployConfig['sweep'],
      },
    }),
  });
  const info = stack.trello.info();
  const e = stack.endpoints;
  const defaultDataDir = path.resolve('.lanyard') === dataDir;
  console.log(`
Lanyard is running on 127.0.0.1 (data in ${dataDir})

  Console & admin API  ${e.api}/   (OpenAPI ${e.api}/admin/openapi.json)
  Admin token          ${stack.adminToken}
  HR events            POST ${e.api}/hr/events   signed with ${stack.webhookSecret}
                       (both kept in ${path.join(dataDir, 'secrets.json')}, mode 0600)
  Trello simulator     ${e.trello}   (API ${e.trelloApi}; control plane ${e.trello}/_sim/info)
                       Enterprise ${info.enterpriseId}, ${info.members} members, preset ${info.preset}
                       ${windowsLine(env.LANYARD_TRELLO_TIME_SCALE)}
  Managed in           ${managementLine(stack.adminHub?.atlassian.url ?? null)}
${
  stack.idp
    ? `  IdP simulator        ${stack.idp.url}   (${stack.idp.kind}; users at ${stack.idp.url}/__control/users/<email>)
`
    : ''
}  Mass-change guard    ${guardLine(stack.config.massChangeGuard)}
  DynamoDB             ${e.dynamodb}   table ${e.tableName}
  Step Functions       ${e.stepFunctions}
  EventBridge          ${e.eventBridge}   bus ${e.eventBusName}
  Mail to people       ${e.outbox}   (ask-first sweeps' "keep my seat" links)
  Endpoints file       ${path.join(dataDir, 'endpoints.json')}

In another terminal${defaultDataDir ? ', in this directory' : `, with LANYARD_DATA_DIR=${dataDir}`} (the CLI finds this stack through its endpoints file):
Send a hire:  npx lanyard event send hired --email tessa.brandt@example.com --name "Tessa Brandt" --department Design
Then look:    npx lanyard runs show <the event id it prints>   (or npx lanyard runs list, or the console: ${e.api}/)
Import:       npx lanyard import examples/hires.csv
Seats:        npx lanyard seats     (the queue of hires waiting for a seat, too)
Approve:      npx lanyard approvals list, then npx lanyard approvals approve <id> --comment "…"
Offboard:     npx lanyard event send terminated --email tessa.brandt@example.com   (or: npx lanyard offboard <employeeId> --reason "…")
Ctrl-C stops; a second start keeps the data. LANYARD_LOG_LEVEL=debug logs every request here.
`);
  let closing = false;
  const stop = async (why: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${why}: stopping…`);
    await stack.close();
    console.log('Stopped. Runs in flight will run again from their start next time.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  watchLaunchers(() => void stop('The process that launched Lanyard ended (npm passes no SIGTERM on)'));
}

/** Whether this process could listen on the port (on 127.0.0.1, as the stack does). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * One line on a port in use: which port, what the stack wanted it for, the variable that moves
 * every port, and what probably holds it (another Lanyard answers on its API port).
 */
async function busyPortLine(base: number, port: number, lastOffset: number): Promise<string> {
  const what = PORTS.find((p) => base + p.offset === port)?.what ?? 'a service of the stack';
  const holder = (await lanyardAnswersAt(base))
    ? `another Lanyard is running there (its console: http://127.0.0.1:${base}/): stop it (Ctrl-C in its terminal) or`
    : `something else holds it (\`lsof -iTCP:${port} -sTCP:LISTEN\` names it): stop it or`;
  const free = await freeBase(base);
  return `Cannot start: port ${port} (${what}) is in use. Lanyard takes ports ${base}–${base + lastOffset} from LANYARD_PORT (default 4100); ${holder} start on other ports, e.g. LANYARD_PORT=${free ?? base + 10} npm start`;
}

async function lanyardAnswersAt(base: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${base}/admin/openapi.json`, {
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { info?: { title?: unknown } };
    return body.info?.title === 'Lanyard admin API';
  } catch {
    return false;
  }
}

/** A LANYARD_PORT above `base` whose six ports are free now (null when none is found nearby). */
async function freeBase(base: number): Promise<number | null> {
  for (let candidate = base + 10; candidate <= Math.min(base + 100, 65_000); candidate += 10) {
    let free = true;
    for (const { offset } of PORTS) free = free && (await portIsFree(candidate + offset));
    if (free) return candidate;
  }
  return null;
}

/**
 * Stops the stack when the processes that launched it are gone. `npm start` runs
 * npm → sh -c → tsx → this process; a SIGTERM to npm reaches only the shell, which dies without
 * passing it on, so tsx and this process would live on holding the ports. (Ctrl-C signals the
 * whole process group, and tsx passes a signal sent to it on.) Under npm (it sets `npm_command`)
 * the three launchers above are watched; otherwise the parent alone.
 */
function watchLaunchers(onGone: () => void): void {
  const launchers: number[] = [];
  let pid: number | null = process.ppid;
  const depth = process.env.npm_command ? 3 : 1;
  while (pid !== null && pid > 1 && launchers.length < depth) {
    launchers.push(pid);
    pid = parentOf(pid);
  }
  const timer = setInterval(() => {
    if (launchers.some((launcher) => !isAlive(launcher))) {
      clearInterval(timer);
      onGone();
    }
  }, 1_000);
  timer.unref();
}

/** The parent of a process, from /proc (Linux) or ps (macOS); null when neither can tell. */
function parentOf(pid: number): number | null {
  let text: string;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid …", where the command may hold spaces and parentheses.
    text = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '';
  } catch {
    try {
      text = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return null;
    }
  }
  const ppid = Number(text.trim());
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

main().catch(async (error: unknown) => {
  const failure = error as NodeJS.ErrnoException & { port?: number };
  // A port taken between the check above and the stack's own listen.
  if (failure.code === 'EADDRINUSE' && typeof failure.port === 'number') {
    const env = Env.safeParse(process.env).data;
    console.error(await busyPortLine(env?.LANYARD_PORT ?? 4100, failure.port, env ? lastOffset(env) : 5));
  } else {
    console.error(`Lanyard could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});

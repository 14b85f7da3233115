/**
 * The whole local stack killed with SIGKILL while hires run, then started again on the same data
 * dir (`npm start` as its own process): every run ends, and Trello holds each hire exactly once
 * — one account, the one Lanyard's record names — so nothing was lost and nothing done twice,
 * counted on the simulator as well as in the records. The kill comes at a seeded random moment
 * (test/support/property-runs.ts). Two stack starts make it long: it runs under
 * `npm run test:soak` only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { offboardingRunId, onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { reconciliationRunId } from '../../../functions/core/reconciliation/reconciliation-ids.ts';
import { freeBase } from '../../support/free-ports.ts';
import { journaledEffects } from '../../support/journaled-effects.ts';
import { hrEvent } from '../../support/local-stack-harness.ts';
import { propertyParameters } from '../../support/property-runs.ts';
import { postSignedHrEvent } from '../../support/signed-delivery.ts';
import {
  type IdpJournalEntry,
  idpJournal,
  type TrelloJournalEntry,
  trelloJournal,
} from '../../support/simulator-journals.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOAK = process.env.LANYARD_SOAK_RUNS !== undefined;
/** Generous: two loaded cores synthesize the app and start every server. */
const READY_MS = 300_000;
const HIRES = 6;
const ADMIN_TOKEN = `crash-admin-${process.pid}-0123456789abcdef`;
const WEBHOOK_SECRET = `whsec_${Buffer.from(`crash-test-secret-${process.pid}-0123456789`).toString('base64')}`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-crash-'));
const mixedDataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-crash-mixed-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(mixedDataDir, { recursive: true, force: true });
});

/** `npm start` without npm in between (so SIGKILL reaches the stack itself); resolves once it is ready. */
async function startStack(port: number, dir = dataDir): Promise<ChildProcess> {
  const { POWERTOOLS_LOG_LEVEL: _, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      ...inherited,
      LANYARD_PORT: String(port),
      LANYARD_DATA_DIR: dir,
      LANYARD_TRELLO_PRESET: 'tiny',
      LANYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      LANYARD_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const deadline = Date.now() + READY_MS;
  while (!output.join('').includes('Ctrl-C stops')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the stack did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

describe.runIf(SOAK)('the local stack killed with SIGKILL mid-run', () => {
  it(
    'ends every run after a restart, and Trello holds each hire once, the account the record names',
    async () => {
      const [killAfterMs] = fc.sample(fc.integer({ min: 0, max: 4_000 }), {
        seed: propertyParameters(1).seed,
        numRuns: 1,
      });
      const port = await freeBase();
      const api = `http://127.0.0.1:${port}`;
      const first = await startStack(port);
      const endpoints = () =>
        JSON.parse(readFileSync(path.join(dataDir, 'endpoints.json'), 'utf8')) as { trello: string };
      // Seats for everyone, so no run waits on an admin (and the setting must itself survive the kill).
      await fetch(`${endpoints().trello}/_sim/enterprise`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ maxMembers: 1_000 }),
      });
      const hires = Array.from({ length: HIRES }, (_, i) =>
        hrEvent('employee.hired', { email: `crash.hire${i}.${process.pid}@example.com`, id: `E-CRASH-${i}` }),
      );
      for (const hire of hires) {
        const { dryRun: _, ...canonical } = hire;
        expect((await postSignedHrEvent(api, WEBHOOK_SECRET, JSON.stringify(canonical))).status).toBe(202);
      }
      await new Promise((r) => setTimeout(r, killAfterMs));
      await killHard(first);

      await startStack(port);
      const admin = (p: string) =>
        fetch(`${api}${p}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then(
          async (r) => (await r.json()) as Record<string, unknown>,
        );
      const deadline = Date.now() + 180_000;
      for (const hire of hires) {
        for (;;) {
          const { run } = (await admin(`/admin/runs/${encodeURIComponent(onboardingRunId(hire.id))}`)) as {
            run?: { status: string };
          };
          if (run && run.status !== 'running') {
            expect(run.status, hire.employee.email).toBe('succeeded');
            break;
          }
          if (Date.now() > deadline) throw new Error(`the run of ${hire.employee.email} never ended`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      const state = (await (await fetch(`${endpoints().trello}/_sim/state`)).json()) as {
        members: Array<{ id: string; email: string }>;
        enterprise: { maxMembers: number };
      };
      expect(state.enterprise.maxMembers).toBe(1_000);
      for (const hire of hires) {
        const accounts = state.members.filter((m) => m.email === hire.employee.email);
        expect(accounts, hire.employee.email).toHaveLength(1);
        const person = (await admin(`/admin/people/${hire.employee.id}`)) as {
          profile?: { trelloMemberId: string | null };
        };
        expect(person.profile?.trelloMemberId, hire.employee.email).toBe(accounts[0]?.id);
      }
    },
    2 * READY_MS + 240_000,
  );
});

/** Kill points of the mixed crash test: three in a soak of the default 300, one more per 100 above. */
const KILLS = Math.max(3, Math.ceil(propertyParameters(1).numRuns / 100));
const LEAVERS = 4;

describe.runIf(SOAK)('the local stack killed with SIGKILL at many moments of mixed runs', () => {
  it(
    'loses no run and no approval, and Trello and the IdP hold each grant, invite and deactivation once',
    async () => {
      const { seed } = propertyParameters(1);
      const pauses = fc.sample(fc.integer({ min: 0, max: 3_000 }), { seed, numRuns: KILLS });
      console.log(`mixed stack crash: seed ${seed}, kills after ${pauses.join(', ')} ms of each start`);
      const port = await freeBase();
      const api = `http://127.0.0.1:${port}`;
      let child = await startStack(port, mixedDataDir);
      const endpoints = () =>
        JSON.parse(readFileSync(path.join(mixedDataDir, 'endpoints.json'), 'utf8')) as {
          trello: string;
          idp: string;
          idpKind: string;
        };
      const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const admin = async (method: string, p: string, body?: unknown) => {
        const response = await fetch(`${api}${p}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      await post(`${endpoints().trello}/_sim/enterprise`, { maxMembers: 1_000 });
      // The simulators compact their journals at each start: what one start journaled is read after
      // its kill (nothing more can come), and the next start's journal from its beginning.
      const journaled = { trello: [] as TrelloJournalEntry[], idp: [] as IdpJournalEntry[] };
      const idpKind = endpoints().idpKind;
      let readers = { trello: trelloJournal(mixedDataDir), idp: idpJournal(mixedDataDir, idpKind) };
      const collect = () => {
        journaled.trello.push(...readers.trello.since());
        journaled.idp.push(...readers.idp.since());
      };
      // Hires: half with a free managed account (grant), half without (invite). Leavers: licensed,
      // signing in through the IdP.
      const hires = Array.from({ length: HIRES }, (_, i) =>
        hrEvent('employee.hired', { email: `mixed.hire${i}.${seed}@example.com`, id: `E-MIX-H${i}` }),
      );
      for (const hire of hires.slice(0, HIRES / 2))
        await post(`${endpoints().trello}/_sim/members`, { email: hire.employee.email, fullName: 'Hire' });
      const leavers = Array.from({ length: LEAVERS }, (_, i) =>
        hrEvent('employee.terminated', { email: `mixed.leaver${i}.${seed}@example.com`, id: `E-MIX-L${i}` }),
      );
      const leaverIds = new Map<string, string>();
      for (const leaver of leavers) {
        const member = (await (
          await post(`${endpoints().trello}/_sim/members`, {
            email: leaver.employee.email,
            fullName: 'Leaver',
            licensed: true,
          })
        ).json()) as { id: string };
        leaverIds.set(leaver.employee.email, member.id);
        await post(`${endpoints().idp}/__control/users`, { email: leaver.employee.email });
      }
      // Everything at once: the HR events, and a reconciliation that will wait for its fix approval.
      const reconciliation = await admin('POST', '/admin/reconciliations', { mode: 'approve' });
      expect(reconciliation.status).toBe(202);
      const reconciliationRun = reconciliationRunId(String(reconciliation.json.id));
      for (const event of [...hires, ...leavers]) {
        const { dryRun: _, ...canonical } = event;
        expect((await postSignedHrEvent(api, WEBHOOK_SECRET, JSON.stringify(canonical))).status).toBe(202);
      }
      const inFlight: number[] = [];
      for (const pause of pauses) {
        await new Promise((r) => setTimeout(r, pause));
        // How many runs the kill interrupts (printed: a kill after everything ended proves little).
        const running = (await admin('GET', '/admin/runs?status=running&limit=100')).json as {
          items?: unknown[];
        };
        inFlight.push(running.items?.length ?? 0);
        await killHard(child);
        collect();
        child = await startStack(port, mixedDataDir);
        readers = {
          trello: trelloJournal(mixedDataDir, 'start'),
          idp: idpJournal(mixedDataDir, idpKind, 'start'),
        };
      }

      console.log(`mixed stack crash: runs running at each kill: ${inFlight.join(', ')}`);
      const runOf = async (runId: string) =>
        ((await admin('GET', `/admin/runs/${encodeURIComponent(runId)}`)).json as { run?: RunView }).run;
      const ended = async (runId: string, done: (status: string) => boolean) => {
        const deadline = Date.now() + 240_000;
        for (;;) {
          const run = await runOf(runId);
          if (run && done(run.status)) return run;
          if (Date.now() > deadline) throw new Error(`run ${runId} is still ${run?.status ?? 'unrecorded'}`);
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      const over = (s: string) => s !== 'running' && s !== 'waiting-approval';
      // 0 lost runs: every hire and every termination ran to its end.
      for (const hire of hires)
        expect(await ended(onboardingRunId(hire.id), over), hire.employee.email).toMatchObject({
          status: 'succeeded',
        });
      for (const leaver of leavers)
        expect(await ended(offboardingRunId(leaver.id), over), leaver.employee.email).toMatchObject({
          status: 'succeeded',
          outcome: 'offboarded',
        });
      // 0 lost approvals: the fix approval asked before (or between) the kills is still pending,
      // and deciding it lets its run end. Rejected, so the seed's own drift stays as it is.
      await ended(reconciliationRun, (s) => s === 'waiting-approval');
      const pending = (await admin('GET', '/admin/approvals?status=pending&limit=100')).json as {
        items: Array<{ id: string; runId: string }>;
      };
      const approval = pending.items.find((a) => a.runId === reconciliationRun);
      expect(approval, 'the fix approval').toBeDefined();
      const rejected = await admin(
        'POST',
        `/admin/approvals/${encodeURIComponent(approval?.id ?? '')}/reject`,
        {
          comment: 'not now',
        },
      );
      expect(rejected.status, JSON.stringify(rejected.json)).toBe(200);
      expect(over((await ended(reconciliationRun, over)).status)).toBe(true);

      // 0 duplicates, counted on the simulators: each hire one account, licensed; each leaver
      // deactivated and cut in the IdP; no effect journaled twice for anyone.
      const state = (await (await fetch(`${endpoints().trello}/_sim/state`)).json()) as {
        members: Array<{ id: string; email: string | null; licensed: boolean; deactivated: boolean }>;
      };
      collect();
      for (const event of [...hires, ...leavers]) {
        const email = event.employee.email.toLowerCase();
        const accounts = state.members.filter((m) => m.email?.toLowerCase() === email);
        expect(accounts, email).toHaveLength(1);
        const { redundant } = journaledEffects(
          email,
          new Set(accounts.map((m) => m.id)),
          journaled.trello,
          journaled.idp,
        );
        expect(redundant, `${email}: effects made twice`).toEqual([]);
      }
      for (const hire of hires) {
        const account = state.members.find((m) => m.email === hire.employee.email);
        expect(account, hire.employee.email).toMatchObject({ licensed: true, deactivated: false });
      }
      for (const leaver of leavers) {
        expect(state.members.find((m) => m.id === leaverIds.get(leaver.employee.email))).toMatchObject({
          deactivated: true,
        });
        const user = (await (
          await fetch(`${endpoints().idp}/__control/users/${encodeURIComponent(leaver.employee.email)}`)
        ).json()) as { signInActive: boolean };
        expect(user.signInActive, `${leaver.employee.email}: IdP sign-in`).toBe(false);
      }
    },
    (KILLS + 1) * READY_MS + 600_000,
  );
});

interface RunView {
  status: string;
  outcome: string | null;
}

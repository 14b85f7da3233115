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
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { freeBase } from '../../support/free-ports.ts';
import { hrEvent } from '../../support/local-stack-harness.ts';
import { propertyParameters } from '../../support/property-runs.ts';
import { postSignedHrEvent } from '../../support/signed-delivery.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOAK = process.env.LANYARD_SOAK_RUNS !== undefined;
/** Generous: two loaded cores synthesize the app and start every server. */
const READY_MS = 300_000;
const HIRES = 6;
const ADMIN_TOKEN = `crash-admin-${process.pid}-0123456789abcdef`;
const WEBHOOK_SECRET = `whsec_${Buffer.from(`crash-test-secret-${process.pid}-0123456789`).toString('base64')}`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` without npm in between (so SIGKILL reaches the stack itself); resolves once it is ready. */
async function startStack(port: number): Promise<ChildProcess> {
  const { POWERTOOLS_LOG_LEVEL: _, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      ...inherited,
      LANYARD_PORT: String(port),
      LANYARD_DATA_DIR: dataDir,
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

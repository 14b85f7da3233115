/**
 * Local data hygiene: the local stack's data dir and everything written in it are owner-only —
 * directories 0700, files 0600 — whatever the user's umask: secrets.json, endpoints.json, the
 * Trello and IdP simulators' states and journals, the outbox, dynalite's LevelDB files, the executions store, cdk.out.
 * A data dir an earlier version left open is tightened; the process umask is given back on close.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxPersonMailer } from '../../../functions/adapters/mail/outbox-person-mailer.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { synthesizeLocal } from '../../../infra/local/local-stack.ts';
import { hrEvent, startStackHarness, waitFor } from '../../support/local-stack-harness.ts';

const root = mkdtempSync(path.join(tmpdir(), 'lanyard-modes-'));
let umaskBefore: number;

beforeAll(() => {
  umaskBefore = process.umask(0o022); // a usual umask: files 0644, directories 0755 unless told
});
afterAll(() => {
  process.umask(umaskBefore);
  rmSync(root, { recursive: true, force: true });
});

/** Every path under `dir` (itself included) whose mode is not owner-only, with its mode. */
function notPrivate(dir: string): string[] {
  const found: string[] = [];
  const visit = (p: string) => {
    const stat = statSync(p);
    const mode = stat.mode & 0o777;
    const want = stat.isDirectory() ? 0o700 : 0o600;
    if (mode !== want) found.push(`${path.relative(dir, p) || '.'} ${mode.toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return found;
}

describe('the local data dir', () => {
  it('holds only owner-only files and directories after a run, a mail and a restart (which keeps the IdP users)', async () => {
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir, { mode: 0o755 }); // as an earlier version left it
    // Synthesized here, not taken from the run's cache: cdk.out is among the files checked.
    const h = await startStackHarness({ dataDir, synthesize: synthesizeLocal });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      await h.control('POST', '/enterprise', { maxMembers: 10_000 });
      const { dryRun: _, ...event } = hrEvent('employee.hired', {
        email: `modes.${randomBytes(3).toString('hex')}@example.com`,
      });
      const body = JSON.stringify(event);
      const at = new Date();
      const response = await fetch(`${h.stack.api.url}/hr/events`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_modes',
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(h.stack.webhookSecret).sign('msg_modes', at, body),
        },
      });
      expect(response.status).toBe(202);
      await waitFor('the run to end', async () => {
        const run = await h.records.runs.getRun(onboardingRunId(event.id));
        return run !== null && run.status !== 'running';
      });
      await new OutboxPersonMailer(h.stack.endpoints.outbox as string, 'lanyard@lanyard.local').send({
        to: 'idle@example.com',
        subject: 'Keep your Trello seat?',
        text: 'https://example.invalid/keep#token',
      });
      // What the IdP was told stays told: its users are kept in the data dir like Trello's model.
      const idpUser = (email: string) =>
        fetch(`${h.stack.idp?.url}/__control/users/${email}`).then((r) => r.json());
      const someone = h.stack.trello.state.snapshot().members.find((m) => h.stack.idp?.user(m.email))?.email;
      if (!someone) throw new Error('the IdP simulator holds none of the seeded people');
      const suspended = await fetch(`${h.stack.idp?.url}/__control/okta/users/${someone}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'SUSPENDED' }),
      });
      expect(suspended.status).toBe(200);
      await h.stack.close();
      await h.restart();
      expect(await idpUser(someone)).toMatchObject({ status: 'SUSPENDED', signInActive: false });
    } finally {
      await h.close();
    }
    const written = readdirSync(dataDir);
    expect(written).toEqual(
      expect.arrayContaining([
        'secrets.json',
        'endpoints.json',
        'trello-state.json',
        // The simulators' journals: every change they answered, before they answered it.
        'trello-state.json.journal',
        'idp-okta-state.json',
        'idp-okta-state.json.journal',
        'outbox.jsonl',
        'dynamodb',
        'executions',
        'cdk.out',
      ]),
    );
    expect(notPrivate(dataDir)).toEqual([]);
    // The umask is the user's again once the stack is closed.
    expect(process.umask(0o022)).toBe(0o022);
  }, 120_000);
});

describe('the outbox', () => {
  it('is created 0600 in a 0700 directory, and an existing open one is tightened', async () => {
    const file = path.join(root, 'mail', 'nested', 'outbox.jsonl');
    const mailer = new OutboxPersonMailer(file, 'lanyard@lanyard.local');
    await mailer.send({ to: 'a@example.com', subject: 's', text: 't' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const open = path.join(root, 'open-outbox.jsonl');
    writeFileSync(open, '');
    chmodSync(open, 0o644);
    await new OutboxPersonMailer(open, 'lanyard@lanyard.local').send({
      to: 'b@example.com',
      subject: 's',
      text: 't',
    });
    expect(statSync(open).mode & 0o777).toBe(0o600);
  });
});

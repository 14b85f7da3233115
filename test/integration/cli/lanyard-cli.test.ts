/**
 * The CLI against the local stack's HTTP API: it runs in-process (runCli, the same function the
 * `lanyard` bin calls) with its output captured, plus one spawn of the real bin for exit codes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/lanyard.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { type StackHarness, startStackHarness, waitFor } from '../../support/local-stack-harness.ts';

let h: StackHarness;
const work = mkdtempSync(path.join(tmpdir(), 'lanyard-cli-'));

beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

/** A port nothing listens on: one the system just gave out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function lanyard(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: unknown) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  const env = { ...process.env };
  Object.assign(process.env, {
    LANYARD_API_URL: h.stack.api.url,
    LANYARD_ADMIN_TOKEN: h.stack.adminToken,
    LANYARD_WEBHOOK_SECRET: h.stack.webhookSecret,
    LANYARD_DATA_DIR: work, // no local-stack files here: everything comes from the environment
    XDG_CONFIG_HOME: work,
  });
  try {
    const code = await runCli(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
    process.env = env;
  }
}

/** `lanyard reconcile` with `args`, once the reconciliation has finished: its id and its open findings shown. */
async function reconcileAndShowOpen(...args: string[]) {
  const started = await lanyard('--json', 'reconcile', ...args);
  expect(started.code).toBe(0);
  const { id } = JSON.parse(started.stdout) as { id: string };
  await waitFor(
    'the reconciliation',
    async () => (await h.records.reconciliations.getReconciliation(id))?.status === 'finished',
  );
  return { id, shown: await lanyard('reconcile', 'show', id, '--state', 'open') };
}

describe('lanyard CLI', () => {
  it('sends a signed hire, then lists and shows its run', async () => {
    const sent = await lanyard(
      'event',
      'send',
      'hired',
      '--email',
      'cli.hire@example.com',
      '--employee-id',
      'E-CLI-1',
    );
    expect(sent).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/employee.hired for cli.hire@example.com \(E-CLI-1\): accepted/),
    });
    const run = await waitFor('the run', async () => {
      const list = await lanyard('--json', 'runs', 'list', '--person', 'E-CLI-1');
      const items = JSON.parse(list.stdout).items as Array<{ runId: string; status: string }>;
      return items.find((r) => r.status === 'succeeded');
    });
    const shown = await lanyard('runs', 'show', run.runId);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/grant-seat|invite-to-workspace/);
    const person = await lanyard('person', 'show', 'E-CLI-1');
    expect(person.stdout).toMatch(/cli.hire@example.com/);
    expect(person.stdout).toMatch(/employee.hired/);
  });

  it('takes the full type name too, and shows the run by the event id it printed', async () => {
    const sent = await lanyard(
      'event',
      'send',
      'employee.hired',
      '--email',
      'cli.event.id@example.com',
      '--name',
      'Cli Eventid',
    );
    expect(sent.code).toBe(0);
    const eventId = /accepted as (evt-\S+)/.exec(sent.stdout)?.[1] ?? '';
    expect(sent.stdout).toContain(`npx lanyard runs show ${eventId}`);
    const shown = await waitFor('the run, by its event id', async () => {
      const result = await lanyard('--json', 'runs', 'show', eventId);
      return result.code === 0
        ? (JSON.parse(result.stdout) as { run: { runId: string; eventId: string } })
        : null;
    });
    expect(shown.run).toMatchObject({ runId: onboardingRunId(eventId), eventId });
    const human = await lanyard('runs', 'show', eventId);
    expect(human.stdout).toMatch(/of Cli Eventid <cli\.event\.id@example\.com>/);

    const unknown = await lanyard('runs', 'show', 'evt-never-sent');
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/No run evt-never-sent, and none of the newest/),
    });
    const wrongType = await lanyard('event', 'send', 'hire', '--email', 'x@example.com');
    expect(wrongType).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/"hire" is not an HR event type; use one of hired, rehired, terminated/),
    });
  });

  it('shows a person by email or by a name only they match, and refuses to guess', async () => {
    for (const [id, email, name] of [
      ['E-CLI-P1', 'cli.pat.lindqvist@example.com', 'Pat Lindqvist'],
      ['E-CLI-P2', 'cli.pat.lindqvist2@example.com', 'Pat Lindqvist'],
    ] as const) {
      expect(
        (await lanyard('event', 'send', 'hired', '--email', email, '--name', name, '--employee-id', id)).code,
      ).toBe(0);
    }
    await waitFor('both records', async () => (await h.records.people.getProfile('E-CLI-P2')) !== null);
    const byEmail = await waitFor('the person by email', async () => {
      const result = await lanyard('person', 'show', 'cli.pat.lindqvist@example.com');
      return result.code === 0 ? result : null;
    });
    expect(byEmail.stdout).toMatch(/^Pat Lindqvist <cli\.pat\.lindqvist@example\.com> \(E-CLI-P1\)/);
    const ambiguous = await lanyard('person', 'show', 'Pat Lindqvist');
    expect(ambiguous).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/2 people match "Pat Lindqvist"/),
    });
    expect(ambiguous.stderr).toMatch(/E-CLI-P1 {2}Pat Lindqvist <cli\.pat\.lindqvist@example\.com>/);
    const nobody = await lanyard('person', 'show', 'cli.nobody@example.com');
    expect(nobody).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no record of cli\.nobody@example\.com/),
    });
    const runs = await lanyard('--json', 'runs', 'list', '--person', 'cli.pat.lindqvist2@example.com');
    const items = JSON.parse(runs.stdout).items as Array<{ employeeId: string }>;
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((r) => r.employeeId))).toEqual(new Set(['E-CLI-P2']));
  });

  it('offboards a known person with a reason; a second request is refused as already offboarded', async () => {
    await lanyard(
      'event',
      'send',
      'hired',
      '--email',
      'cli.leaver@example.com',
      '--employee-id',
      'E-CLI-OFF',
    );
    await waitFor(
      'the hire',
      async () => (await h.records.people.getProfile('E-CLI-OFF'))?.lifecycle === 'active',
    );
    // They sign in through the IdP, like everyone: offboarding cuts that sign-in and reads it back.
    h.stack.idp?.addUser({ email: 'cli.leaver@example.com' });
    const unknown = await lanyard('offboard', 'E-NOBODY', '--reason', 'test');
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no record of employee E-NOBODY/),
    });

    const sent = await lanyard('offboard', 'E-CLI-OFF', '--reason', 'contract ended early', '--urgent');
    expect(sent).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/Offboarding of E-CLI-OFF started/),
    });
    const run = await waitFor('the offboarding', async () => {
      const { items } = await h.records.runs.listRuns({ employeeId: 'E-CLI-OFF', limit: 10 });
      return items.find((r) => r.kind === 'offboarding' && r.status === 'succeeded');
    });
    expect(run.summary).toBeTruthy();
    const audit = await h.records.audit.runAudit(run.runId);
    expect(audit.map((a) => a.entry.actor)).toContain('admin:admin@local');
    const again = await lanyard('offboard', 'E-CLI-OFF', '--reason', 'again');
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/already offboarded/) });
  });

  it('starts a report sweep, shows it and writes its CSV', async () => {
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
    await h.control('POST', '/members', {
      email: 'cli.idle@example.com',
      fullName: 'Cli Idle',
      licensed: true,
      dateLastImpression: '2026-01-01T00:00:00.000Z',
    });
    const started = await lanyard('--json', 'sweep', 'start');
    expect(started.code).toBe(0);
    const { sweepId } = JSON.parse(started.stdout) as { sweepId: string };
    await waitFor('the sweep', async () => (await h.records.sweeps.getSweep(sweepId))?.status === 'finished');
    const shown = await lanyard('sweep', 'show', sweepId, '--state', 'candidate');
    expect(shown.stdout).toMatch(/finished \(report\)/);
    expect(shown.stdout).toMatch(/candidate .*cli\.idle@example\.com/);
    const file = path.join(work, 'sweep.csv');
    expect((await lanyard('sweep', 'show', sweepId, '--csv', file)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('cli.idle@example.com');
    const drop = await lanyard('sweep', 'drop', sweepId, 'someone');
    expect(drop).toMatchObject({ code: 1, stderr: expect.stringMatching(/only while it awaits approval/) });
  });

  it('reconciles (report only), shows the findings with their evidence, refuses a drop', async () => {
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
    await h.control('POST', '/members', {
      email: 'cli.unknown@example.com',
      fullName: 'Cli Unknown',
      licensed: true,
    });
    const { id, shown } = await reconcileAndShowOpen();
    expect(shown.stdout).toMatch(/finished \(report\)/);
    expect(shown.stdout).toMatch(/open +unknown-licensed cli\.unknown@example\.com → fix: reclaim/);
    expect(shown.stdout).toMatch(/Lanyard: no people record/);
    const drop = await lanyard('reconcile', 'drop', id, 'someone');
    expect(drop).toMatchObject({ code: 1, stderr: expect.stringMatching(/only while it awaits approval/) });
  });

  it('reconciles against an HR export file, and names the bad rows of one it refuses before sending it', async () => {
    const bad = path.join(work, 'hr-bad.csv');
    writeFileSync(bad, 'employeeId,email,status\nE-HR-1,not-an-email,active\n');
    const refused = await lanyard('reconcile', '--hr-export', bad);
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/line 2: email: "not-an-email" is not an email address/),
    });

    const good = path.join(work, 'hr.csv');
    writeFileSync(
      good,
      'employeeId,email,status,fullName\nE-HR-2,cli.hr.hire@example.com,active,Cli Hr Hire\n',
    );
    const { shown } = await reconcileAndShowOpen('--hr-export', good);
    expect(shown.stdout).toMatch(/open +hire-not-provisioned cli\.hr\.hire@example\.com → fix: onboard/);
    expect(shown.stdout).toMatch(/HR: line 2: E-HR-2 active/);
  });

  it('approves a pending seat request once; a second decision exits 1 with the reason', async () => {
    const email = 'cli.seat@example.com';
    await h.control('POST', '/members', { email, fullName: 'Cli Seat' });
    const used = h.stack.trello.state.licensedCount;
    await h.control('POST', '/enterprise', { maxMembers: used });
    expect((await lanyard('event', 'send', 'hired', '--email', email, '--employee-id', 'E-CLI-2')).code).toBe(
      0,
    );
    const pending = await waitFor('the approval in the CLI', async () => {
      const list = await lanyard('--json', 'approvals', 'list');
      const items = JSON.parse(list.stdout).items as Array<{ id: string; subjectEmail: string }>;
      return items.find((a) => a.subjectEmail === email);
    });
    const table = await lanyard('approvals', 'list');
    expect(table.stdout).toMatch(/^ID\s+SUBJECT\s+KIND\s+STATUS/m);
    const seats = await lanyard('seats');
    expect(seats.stdout).toMatch(/^Queued for a seat, in HR order \(\d+\):$/m);
    expect(seats.stdout).toMatch(
      new RegExp(`^\\d+\\s+cli\\.seat <${email}>\\s+E-CLI-2\\s.*${pending.id}$`, 'm'),
    );
    await h.control('POST', '/enterprise', { maxMembers: used + 1 });
    const approved = await lanyard('approvals', 'approve', pending.id, '--comment', 'one more seat');
    expect(approved).toMatchObject({ code: 0, stdout: `${pending.id}: approved by admin@local\n` });
    const again = await lanyard('approvals', 'reject', pending.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already approved/);
  });

  it('refuses a CSV with a bad row before sending anything, then imports a large file in chunks', async () => {
    const header = 'type,occurredAt,effectiveAt,employeeId,email,fullName';
    // Far in the future: the hires wait for their start date and make no Trello calls in this test.
    const row = (i: number) =>
      `employee.hired,2026-11-20T09:00:00Z,2027-06-01T09:00:00Z,E-BULK-${i},bulk${i}@example.com,Bulk ${i}`;
    const bad = path.join(work, 'bad.csv');
    writeFileSync(bad, [header, row(1), 'employee.hired,nope,nope,E-X,x@example.com,X'].join('\n'));
    const refused = await lanyard('import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 3: occurredAt/);
    expect(await h.records.people.getProfile('E-BULK-1')).toBeNull();

    const good = path.join(work, 'good.csv');
    writeFileSync(good, [header, ...Array.from({ length: 520 }, (_, i) => row(i))].join('\n'));
    const imported = await lanyard('--json', 'import', good);
    expect(imported.code).toBe(0);
    const totals = JSON.parse(imported.stdout);
    expect(totals).toMatchObject({ rows: 520, accepted: 520, duplicates: 0 });
    expect(totals.results.at(-1)).toMatchObject({ line: 521, outcome: 'accepted' });
    const again = JSON.parse((await lanyard('--json', 'import', good)).stdout);
    expect(again).toMatchObject({ accepted: 0, duplicates: 520 });
  }, 120_000);

  it('prints one status per row as a table, and the same statuses with --json', async () => {
    const header = 'id,type,occurredAt,effectiveAt,employeeId,email,fullName';
    // Far in the future: the hire waits for its start date and makes no Trello calls in this test.
    const row = (name: string) =>
      `evt-cli-rows-1,employee.hired,2026-11-20T09:00:00Z,2027-06-01T09:00:00Z,E-CLI-ROWS-1,cli.rows@example.com,${name}`;
    const file = path.join(work, 'rows.csv');
    writeFileSync(file, [header, row('Cli Rows')].join('\n'));
    const first = await lanyard('import', file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^1 rows: 1 added, 0 already there, 0 refused by policy, 0 failed\n/);
    expect(first.stdout).toMatch(/LINE +EVENT +STATUS +REASON\n2 +evt-cli-rows-1 +added +-/);

    const json = JSON.parse((await lanyard('--json', 'import', file)).stdout);
    expect(json.statuses).toEqual({ added: 0, 'already-there': 1, 'refused-by-policy': 0, failed: 0 });
    expect(json.results).toEqual([
      expect.objectContaining({ line: 2, status: 'already-there', reason: expect.any(String) }),
    ]);

    const changed = path.join(work, 'rows-changed.csv');
    writeFileSync(changed, [header, row('Another Name')].join('\n'));
    const conflict = await lanyard('import', changed);
    expect(conflict.stdout).toMatch(/1 failed/);
    expect(conflict.stdout).toMatch(
      /2 +evt-cli-rows-1 +failed +HR event evt-cli-rows-1 was already received with a different body/,
    );
  });

  it('imports short type names as the same events as full ones', async () => {
    const header = 'type,occurredAt,effectiveAt,employeeId,email,fullName';
    const row = (type: string) =>
      `${type},2026-11-20T09:00:00Z,2027-06-01T09:00:00Z,E-SHORT-1,short.one@example.com,Short One`;
    const short = path.join(work, 'short.csv');
    writeFileSync(short, [header, row('hired')].join('\n'));
    expect(JSON.parse((await lanyard('--json', 'import', short)).stdout)).toMatchObject({ accepted: 1 });
    const full = path.join(work, 'full.csv');
    writeFileSync(full, [header, row('employee.hired')].join('\n'));
    expect(JSON.parse((await lanyard('--json', 'import', full)).stdout)).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
  });

  it('exports the audit trail and shows seats', async () => {
    const out = path.join(work, 'audit.csv');
    expect((await lanyard('audit', 'export', '--since', '2000-01-01', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^at,actor,action,target,result/);
    expect(await lanyard('audit', 'verify', '--since', '2000-01-01')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Audit trail intact: \d+ entr(y|ies) checked/),
    });
    const seats = await lanyard('seats');
    expect(seats.stdout).toMatch(/\d+ used of \d+; \d+ available/);
  });

  it('says what is wrong with a bad token (1) and an unreachable API (3)', async () => {
    const refused = await lanyard('--token', 'wrong-token', 'runs', 'list');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^lanyard: token refused by http:\/\/127\.0\.0\.1:\d+: the admin token from --token/,
    );
    expect(refused.stderr).toMatch(/npm start prints the admin token/);
    expect(refused.stderr).toMatch(/LANYARD_ADMIN_TOKEN/);
    expect(refused.stderr).toMatch(/Cognito JWT/);
    expect(refused.stderr).not.toMatch(/Authorization: Bearer/);
    const closed = await closedPort();
    const unreachable = await lanyard('--api', `http://127.0.0.1:${closed}`, 'runs', 'list');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(`Cannot reach Lanyard at http://127.0.0.1:${closed} (ECONNREFUSED)`);
    expect(unreachable.stderr).toMatch(/comes from --api/);
  });

  it('the installed bin exits 2 naming LANYARD_DATA_DIR and --api when no Lanyard is configured', () => {
    const result = spawnSync(process.execPath, [path.resolve('bin/lanyard.mjs'), 'runs', 'list'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: work, LANYARD_DATA_DIR: work, XDG_CONFIG_HOME: work },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^lanyard: No Lanyard API to talk to: no --api, no LANYARD_API_URL, and no local stack at /,
    );
    expect(result.stderr).toContain(path.join(work, 'endpoints.json'));
    expect(result.stderr).toMatch(/Set the same LANYARD_DATA_DIR here/);
    expect(result.stderr).toMatch(/Start the local stack: npm start/);
  });

  // Last: its hires start onboardings that take seats, which the tests above count.
  it('imports the sample CSV of the README', async () => {
    const imported = await lanyard('--json', 'import', path.resolve('examples/hires.csv'));
    expect(imported.code).toBe(0);
    const totals = JSON.parse(imported.stdout) as { rows: number; accepted: number };
    expect(totals.rows).toBeGreaterThan(0);
    expect(totals).toMatchObject({ accepted: totals.rows, duplicates: 0, stale: 0 });
  });
});

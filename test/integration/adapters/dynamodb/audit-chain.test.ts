/**
 * The append-only, hash-chained audit trail on a real DynamoDB-compatible server (dynalite):
 * attempts and outcomes as separate entries, re-runs and crashes that write nothing twice, and
 * verification that names the entry an edit, a deletion, a swap or a truncation broke, made
 * directly in the table with a raw client (as someone with write access would).
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  auditEntryHash,
  CANONICAL_FIELDS,
  verifyExport,
} from '../../../../functions/adapters/dynamodb/audit-chain.ts';
import { dynamoDbRecords } from '../../../../functions/adapters/dynamodb/dynamodb-records.ts';
import { Keys } from '../../../../functions/adapters/dynamodb/keys.ts';
import {
  auditedChange,
  confirmPendingChanges,
  type RunContext,
} from '../../../../functions/core/run-context.ts';
import type { AuditEntry, StoredAuditEntry } from '../../../../functions/ports/records/audit-log.ts';
import type { RecordPorts } from '../../../../functions/ports/records/record-ports.ts';
import { createRecordTable, type Dynalite, localClient, startDynalite } from '../../../support/dynalite.ts';

const DAY = '2026-11-22';
const T0 = `${DAY}T10:00:00.000Z`;

let db: Dynalite;
let tables = 0;
let client: DynamoDBDocumentClient;
let tableName: string;
let now: Date;
let store: RecordPorts;

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  tableName = `audit-${++tables}`;
  await createRecordTable(localClient(db.endpoint), tableName);
  client = db.client;
  now = new Date(T0);
  store = dynamoDbRecords({ client, tableName, now: () => now });
});

const clock = { now: () => now };
const tick = (ms = 1_000) => {
  now = new Date(now.getTime() + ms);
};

function aRun(runId = 'run-1'): RunContext {
  return {
    runId,
    executionName: `exec-${runId}`,
    actor: 'hr:evt-1',
    dryRun: false,
    person: {
      id: 'E1',
      email: 'ana@example.com',
      fullName: 'Ana Lima',
      department: null,
      managerEmail: null,
    },
  };
}

function anEntry(overrides: Partial<AuditEntry> = {}): Omit<AuditEntry, 'id' | 'result'> {
  return {
    at: now.toISOString(),
    actor: 'admin:it',
    action: 'note',
    target: 'member:m1',
    detail: 'something was done',
    runId: null,
    employeeId: null,
    ...overrides,
  };
}

const GRANT = { action: 'grant-seat', target: 'member:m1', detail: 'License seat for ana@example.com' };

async function everything(): Promise<StoredAuditEntry[]> {
  return (await store.audit.listAudit({ since: '2000-01-01T00:00:00.000Z', limit: 1000 })).items;
}

async function raw(seq: number, day = DAY): Promise<Record<string, unknown>> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: Keys.auditEntry(day, seq) }),
  );
  if (!Item) throw new Error(`no entry ${day} #${seq}`);
  return Item;
}

/** The break verification should name, in today's chain. */
const broken = (seq: number, id: string | null | undefined, problem: string) => ({
  day: DAY,
  seq,
  id,
  problem,
});

/** `count` entries not tied to a run, a second apart. */
async function appendNotes(count: number): Promise<StoredAuditEntry[]> {
  const entries: StoredAuditEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    entries.push((await store.audit.beginAudit(null, 'note', anEntry({ detail: `note ${i + 1}` }))).entry);
    tick();
  }
  return entries;
}

describe('append-only attempts', () => {
  it('keeps a failure and the retry that succeeded as begun / failed / begun / succeeded, each with its own time', async () => {
    const run = aRun();
    await expect(
      auditedChange(run, { ...store, clock }, GRANT, async () => {
        tick();
        throw new Error('Trello answered 503');
      }),
    ).rejects.toThrow(/503/);
    tick(60_000);
    await auditedChange(run, { ...store, clock }, GRANT, async () => tick());

    const entries = (await store.audit.runAudit(run.runId)).map((x) => x.entry);
    expect(entries.map((e) => [e.result, e.attempt])).toEqual([
      ['begun', 1],
      ['failed', 1],
      ['begun', 2],
      ['succeeded', 2],
    ]);
    const [begun1, failed, begun2, succeeded] = entries as [
      StoredAuditEntry,
      StoredAuditEntry,
      StoredAuditEntry,
      StoredAuditEntry,
    ];
    expect(failed).toMatchObject({ begunId: begun1.id, detail: `${GRANT.detail}: Trello answered 503` });
    expect(succeeded).toMatchObject({ begunId: begun2.id, detail: GRANT.detail });
    expect(new Set(entries.map((e) => e.at)).size).toBe(4);
    expect(begun1.at < failed.at && failed.at < begun2.at && begun2.at < succeeded.at).toBe(true);
    // The first failure is still exactly as written, hash and all.
    expect(await raw(failed.seq)).toMatchObject({ result: 'failed', at: failed.at, hash: failed.hash });
    expect(await everything()).toEqual(entries);
    expect(await store.audit.verifyAudit({})).toEqual({ ok: true, checked: 4, firstBroken: null });
  });

  it('writes no second begun (nor outcome) when a step runs the same attempt again', async () => {
    const run = aRun();
    await auditedChange(run, { ...store, clock }, GRANT, async () => 'done');
    tick();
    await auditedChange(run, { ...store, clock }, GRANT, async () => 'done again');
    const first = await store.audit.beginAudit(run.runId, `${GRANT.action}|${GRANT.target}`, anEntry());
    expect(first.entry).toMatchObject({ result: 'begun', attempt: 1, seq: 1 });
    expect((await everything()).map((e) => e.result)).toEqual(['begun', 'succeeded']);
  });

  it('confirms a change a crash left without an outcome by appending one, leaving the begun entry as it was', async () => {
    const run = aRun();
    const { entry: begun } = await store.audit.beginAudit(run.runId, 'grant-seat|member:m1', {
      ...anEntry({ action: 'grant-seat', detail: 'License seat' }),
      runId: run.runId,
    });
    const before = await raw(begun.seq);
    tick();
    expect(await confirmPendingChanges(run, { ...store, clock }, 'the membership read-back')).toBe(1);
    expect(await confirmPendingChanges(run, { ...store, clock }, 'the membership read-back')).toBe(0);
    expect(await raw(begun.seq)).toEqual(before);
    const entries = (await store.audit.runAudit(run.runId)).map((x) => x.entry);
    expect(entries.map((e) => e.result)).toEqual(['begun', 'succeeded']);
    expect(entries[1]).toMatchObject({
      begunId: begun.id,
      at: now.toISOString(),
      detail: 'License seat (confirmed by the membership read-back after the run was interrupted)',
    });
  });

  it('finishes, once, an append that a crash cut short (before the entry, or after it, before the head)', async () => {
    for (const crashOn of ['entry', 'head'] as const) {
      tableName = `audit-${++tables}`;
      await createRecordTable(localClient(db.endpoint), tableName);
      let crashes = 1;
      const crashing = {
        send: (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
          const input = command.input as { Item?: { sk?: string; seq?: number } };
          const hit =
            command.constructor.name === 'PutCommand' &&
            (crashOn === 'entry'
              ? input.Item?.sk?.startsWith('SEQ#')
              : input.Item?.sk === 'HEAD' && (input.Item.seq ?? 0) > 0);
          if (hit && crashes-- > 0) return Promise.reject(new Error('the Lambda was cut off'));
          return client.send(command as never);
        },
      } as unknown as DynamoDBDocumentClient;
      const crashy = dynamoDbRecords({ client: crashing, tableName, now: () => now });
      const input = { ...anEntry({ action: 'grant-seat' }), runId: 'run-1' };
      await expect(crashy.audit.beginAudit('run-1', 'grant-seat|member:m1', input)).rejects.toThrow(
        /cut off/,
      );
      tick();
      const rerun = await crashy.audit.beginAudit('run-1', 'grant-seat|member:m1', {
        ...input,
        at: now.toISOString(),
      });
      expect(rerun.entry).toMatchObject({ seq: 1, attempt: 1, result: 'begun', at: T0 });
      expect((await crashy.audit.runAudit('run-1')).map((x) => x.entry.id)).toEqual([rerun.entry.id]);
      expect(await crashy.audit.verifyAudit({})).toMatchObject({ ok: true, checked: 1 });
      now = new Date(T0);
    }
  });

  it('appends 50 concurrent entries as one valid chain, and one begun for 50 concurrent begins of one change', async () => {
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.audit.beginAudit(null, 'note', anEntry({ detail: `concurrent ${i}` })),
      ),
    );
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.entry.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(await store.audit.verifyAudit({})).toEqual({ ok: true, checked: 50, firstBroken: null });
    expect(elapsed).toBeLessThan(10_000);

    const same = await Promise.all(
      Array.from({ length: 50 }, () =>
        store.audit.beginAudit('run-1', 'grant-seat|member:m1', { ...anEntry(), runId: 'run-1' }),
      ),
    );
    expect(new Set(same.map((r) => r.entry.id)).size).toBe(1);
    expect((await everything()).filter((e) => e.runId === 'run-1')).toHaveLength(1);
    expect(await store.audit.verifyAudit({})).toEqual({ ok: true, checked: 51, firstBroken: null });
  });
});

describe('verification', () => {
  it('hashes the canonical form README "Audit trail" documents (RFC 8785: sorted keys, no spaces)', async () => {
    const { entry } = await store.audit.beginAudit(null, 'note', anEntry({ detail: 'a "quoted" détail\n' }));
    const canonical =
      `{"action":"note","actor":"admin:it","at":"${T0}","attempt":1,"begunId":null,` +
      `"detail":"a \\"quoted\\" détail\\n","employeeId":null,"id":"${entry.id}",` +
      `"prevHash":"${'0'.repeat(64)}","result":"begun","runId":null,"seq":1,"target":"member:m1"}`;
    expect(entry.hash).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
    expect([...CANONICAL_FIELDS]).toEqual([...CANONICAL_FIELDS].sort());
  });

  it('names an entry whose detail was edited in the table', async () => {
    const notes = await appendNotes(4);
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: Keys.auditEntry(DAY, 2),
        UpdateExpression: 'SET detail = :d',
        ExpressionAttributeValues: { ':d': 'nothing to see here' },
      }),
    );
    expect(await store.audit.verifyAudit({})).toEqual({
      ok: false,
      checked: 1,
      firstBroken: broken(2, notes[1]?.id, 'edited'),
    });
  });

  it('names an entry edited and given a fresh hash of its own: the next entry still names the old one', async () => {
    const notes = await appendNotes(3);
    const item = await raw(2);
    const forged = { ...item, detail: 'rewritten' } as unknown as StoredAuditEntry;
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...item, detail: 'rewritten', hash: auditEntryHash(forged) },
      }),
    );
    expect((await store.audit.verifyAudit({})).firstBroken).toEqual(broken(2, notes[1]?.id, 'edited'));
  });

  it('names the place of a deleted entry', async () => {
    await appendNotes(4);
    await client.send(new DeleteCommand({ TableName: tableName, Key: Keys.auditEntry(DAY, 3) }));
    expect(await store.audit.verifyAudit({})).toEqual({
      ok: false,
      checked: 2,
      firstBroken: broken(3, null, 'removed'),
    });
  });

  it('names swapped entries as reordered', async () => {
    const notes = await appendNotes(4);
    const [second, third] = [await raw(2), await raw(3)];
    await client.send(
      new PutCommand({ TableName: tableName, Item: { ...third, ...Keys.auditEntry(DAY, 2) } }),
    );
    await client.send(
      new PutCommand({ TableName: tableName, Item: { ...second, ...Keys.auditEntry(DAY, 3) } }),
    );
    expect((await store.audit.verifyAudit({})).firstBroken).toEqual(broken(2, notes[2]?.id, 'reordered'));
  });

  it('names the deleted tail as truncated, from the chain head', async () => {
    const notes = await appendNotes(4);
    await client.send(new DeleteCommand({ TableName: tableName, Key: Keys.auditEntry(DAY, 4) }));
    expect(await store.audit.verifyAudit({})).toEqual({
      ok: false,
      checked: 3,
      firstBroken: broken(4, notes[3]?.id, 'truncated'),
    });
    await client.send(new DeleteCommand({ TableName: tableName, Key: Keys.auditHead(DAY) }));
    expect((await store.audit.verifyAudit({})).firstBroken).toMatchObject({ seq: 4, problem: 'truncated' });
  });

  it('checks from a day on, and reports the first break in day order', async () => {
    await appendNotes(2);
    now = new Date('2026-11-23T08:00:00.000Z');
    await appendNotes(2);
    await client.send(new DeleteCommand({ TableName: tableName, Key: Keys.auditEntry(DAY, 1) }));
    expect((await store.audit.verifyAudit({})).firstBroken).toMatchObject({
      day: DAY,
      seq: 1,
      problem: 'removed',
    });
    expect(await store.audit.verifyAudit({ since: '2026-11-23' })).toEqual({
      ok: true,
      checked: 2,
      firstBroken: null,
    });
  });

  it('cannot tell a tail rewritten together with its head (the documented limit)', async () => {
    await appendNotes(3);
    await client.send(new DeleteCommand({ TableName: tableName, Key: Keys.auditEntry(DAY, 3) }));
    const second = await raw(2);
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...Keys.auditHead(DAY), seq: 2, hash: second.hash, id: second.id },
      }),
    );
    expect((await store.audit.verifyAudit({})).ok).toBe(true);
  });

  it('lets an export be checked offline, naming what was changed in it', async () => {
    await appendNotes(3);
    now = new Date('2026-11-23T08:00:00.000Z');
    await appendNotes(2);
    const exported = JSON.parse(JSON.stringify(await everything())) as StoredAuditEntry[];
    expect(verifyExport(exported)).toEqual({ ok: true, checked: 5, firstBroken: null });
    // An export since a time starts mid-chain: still checkable.
    expect(verifyExport(exported.slice(1))).toMatchObject({ ok: true, checked: 4 });
    const edited = exported.map((e, i) => (i === 3 ? { ...e, actor: 'admin:someone-else' } : e));
    expect(verifyExport(edited).firstBroken).toEqual({
      day: '2026-11-23',
      seq: 1,
      id: exported[3]?.id,
      problem: 'edited',
    });
    expect(verifyExport([exported[0], exported[2]]).firstBroken).toMatchObject({
      seq: 2,
      problem: 'removed',
    });
  });

  it('`lanyard audit verify --file` checks an export offline: exit 0 when intact, 1 naming the broken entry', async () => {
    const notes = await appendNotes(3);
    const dir = mkdtempSync(path.join(tmpdir(), 'lanyard-audit-export-'));
    try {
      const file = path.join(dir, 'audit.json');
      writeFileSync(file, JSON.stringify(await everything()));
      expect(await lanyard('audit', 'verify', '--file', file)).toMatchObject({
        code: 0,
        stdout: 'Audit trail intact: 3 entries checked\n',
      });
      const exported = JSON.parse(readFileSync(file, 'utf8')) as StoredAuditEntry[];
      writeFileSync(
        file,
        JSON.stringify(exported.map((e) => (e.seq === 2 ? { ...e, detail: 'forged' } : e))),
      );
      expect(await lanyard('audit', 'verify', '--file', file)).toMatchObject({
        code: 1,
        stderr: `lanyard: Audit trail broken: entry ${DAY} #2 (${notes[1]?.id}) was edited; 1 entry before it checked out\n`,
      });
      const json = await lanyard('--json', 'audit', 'verify', '--file', file);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        firstBroken: { seq: 2, problem: 'edited' },
      });
      writeFileSync(file, '{"not": "an export"}');
      expect(await lanyard('audit', 'verify', '--file', file)).toMatchObject({ code: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs the installed `lanyard` bin, with no API configured: offline verification needs none. */
async function lanyard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = mkdtempSync(path.join(tmpdir(), 'lanyard-home-'));
  try {
    const result = spawnSync(process.execPath, [path.resolve('bin/lanyard.mjs'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: home, LANYARD_DATA_DIR: home, XDG_CONFIG_HOME: home },
    });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

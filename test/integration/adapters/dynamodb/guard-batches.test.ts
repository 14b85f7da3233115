/**
 * The quarantine's open batch on dynalite: terminations held at once all join one batch, and a run
 * that finds the open-batch pointer before its batch is written (its opener still writing, or
 * stopped between the two writes) joins that batch and writes it, never opening a second one.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GuardRecords } from '../../../../functions/adapters/dynamodb/guard-records.ts';
import { RecordTable } from '../../../../functions/adapters/dynamodb/record-table.ts';
import { type Dynalite, startDynalite } from '../../../support/dynalite.ts';

let db: Dynalite;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db?.close());

const held = (runId: string, at: string) => ({
  runId,
  eventId: `evt-${runId}`,
  employeeId: `E-${runId}`,
  email: `${runId}@example.com`,
  fullName: runId,
  department: 'Sales',
  managerEmail: null,
  heldAt: at,
  reason: 'past the limit',
});
const limits = { windowMinutes: 60, limit: 50 };

it('puts terminations held at once into one batch, opened once', async () => {
  const guard = new GuardRecords(new RecordTable(db.client, db.tableName));
  const at = '2026-12-04T10:00:00.000Z';
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => guard.hold('terminations', held(`run-${i}`, at), limits)),
  );
  const batchIds = new Set(answers.map((a) => a.held.batchId));
  expect(batchIds.size).toBe(1);
  expect(answers.filter((a) => a.opened)).toHaveLength(1);
  const [batch] = await guard.listBatches();
  expect(batch?.status).toBe('open');
  expect(await guard.batchRuns(batch?.batchId ?? '')).toHaveLength(20);
});

it('joins, and writes, a batch whose opener moved the pointer but stopped before writing it', async () => {
  const guard = new GuardRecords(new RecordTable(db.client, db.tableName));
  // The first write of an opener that then stopped: the pointer, no batch.
  await db.client.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { pk: 'GUARD#terminations', sk: 'OPEN', batchId: 'B-half-open' },
    }),
  );
  const { held: run, opened } = await guard.hold(
    'terminations',
    held('run-late', '2026-12-04T11:00:00.000Z'),
    limits,
  );
  expect(run.batchId).toBe('B-half-open');
  expect(opened).toBe(false);
  expect((await guard.listBatches()).map((b) => [b.batchId, b.status])).toEqual([['B-half-open', 'open']]);
  expect((await guard.batchRuns('B-half-open')).map((r) => r.runId)).toEqual(['run-late']);
});

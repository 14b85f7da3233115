/**
 * PutEvents through the real EventBridgeClient starts only the machine whose rule matches; a
 * runtime closed while an execution waits on a task token runs it again from its start on the
 * same data dir; the DynamoDB server creates the template's tables and keeps their data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDynamoDbServer } from '../../../infra/local/dynamodb-server.ts';
import {
  mainInput,
  type RuntimeFixture,
  synthRuntimeFixture,
} from '../../support/fixtures/runtime/fixture-stack.ts';
import { fixtureState } from '../../support/fixtures/runtime/fixture-state.ts';
import {
  type FixtureRuntime,
  sdkOptions,
  startFixtureRuntime,
  waitForEnd,
  waitForToken,
} from '../../support/fixtures/runtime/runtime-harness.ts';

let fixture: RuntimeFixture;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanyard-runtime-it-'));
  dirs.push(dir);
  return dir;
};
beforeAll(() => {
  fixture = synthRuntimeFixture();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('PutEvents', () => {
  let h: FixtureRuntime;
  beforeAll(async () => {
    h = await startFixtureRuntime(fixture, { dataDir: tempDir() });
  });
  afterAll(() => h?.close());

  it('starts only the machine whose rule matches, with the target InputPath applied', async () => {
    const before = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.otherArn }));
    const thing = (detail: object) => ({
      EventBusName: 'fixture-bus',
      Source: 'fixture.hr',
      DetailType: 'Thing Happened',
      Detail: JSON.stringify(detail),
    });
    const result = await h.events.send(
      new PutEventsCommand({
        // The rule's `detail.mode` filter is anything-but "skip": only the first entry matches.
        Entries: [thing(mainInput({ n: 7 })), thing(mainInput({ n: 8, mode: 'skip' }))],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries?.[1]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    const { executions = [] } = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.mainArn }));
    expect(executions).toHaveLength(1);
    const end = await waitForEnd(h.sfn, executions[0]?.executionArn as string);
    expect(JSON.parse(end.output ?? '{}')).toMatchObject({ n: 7, computed: { x: 14 } });
    const after = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.otherArn }));
    expect(after.executions).toHaveLength(before.executions?.length ?? 0);
  });

  it('invokes a Lambda target with the whole event (prefix pattern)', async () => {
    const result = await h.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'fixture-bus',
            Source: 'fixture.hr',
            DetailType: 'Thing Audited',
            Detail: '{"who":"alice"}',
            Time: new Date('2026-01-02T03:04:05Z'),
          },
        ],
      }),
    );
    const eventId = result.Entries?.[0]?.EventId;
    await vi.waitFor(() =>
      expect(fixtureState().audited.find((e) => e.id === eventId)).toEqual({
        version: '0',
        id: eventId,
        'detail-type': 'Thing Audited',
        source: 'fixture.hr',
        account: '000000000000',
        time: '2026-01-02T03:04:05Z',
        region: 'us-east-1',
        resources: [],
        detail: { who: 'alice' },
      }),
    );
  });

  it('delivers the whole event to a target without InputPath, on a bus named by ARN', async () => {
    const other = (ref: string) => ({
      EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/fixture-bus',
      Source: 'fixture.hr',
      DetailType: 'Other Thing',
      Detail: JSON.stringify({ ref }),
    });
    // The rule's `detail.ref` filter is a prefix "OT-": only the first entry matches.
    await h.events.send(new PutEventsCommand({ Entries: [other('OT-1'), other('XOT-2')] }));
    const { executions = [] } = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.otherArn }));
    expect(executions).toHaveLength(1);
    const end = await waitForEnd(h.sfn, executions[0]?.executionArn as string);
    expect(JSON.parse(end.output ?? '{}')).toEqual({
      echoed: { source: 'fixture.hr', detailType: 'Other Thing' },
    });
  });

  it('matches nothing on another bus or source, and reports bad entries per entry', async () => {
    const count = async () =>
      (await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.mainArn }))).executions?.length;
    const before = await count();
    const result = await h.events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'fixture.hr', DetailType: 'Thing Happened', Detail: '{}' },
          { EventBusName: 'fixture-bus', Source: 'other', DetailType: 'Thing Happened', Detail: '{}' },
          {
            EventBusName: 'fixture-bus',
            Source: 'fixture.hr',
            DetailType: 'Thing Happened',
            Detail: 'not json',
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[2]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(await count()).toBe(before);
  });
});

describe('durability', () => {
  it('runs an execution closed mid-wait again from its start, with the same name and input', async () => {
    const dataDir = tempDir();
    const first = await startFixtureRuntime(fixture, { dataDir });
    const name = `durable-${Date.now()}`;
    const input = JSON.stringify(mainInput({ n: 5, mode: 'approval' }));
    const { executionArn } = await first.sfn.send(
      new StartExecutionCommand({ stateMachineArn: first.mainArn, name, input }),
    );
    const oldToken = await waitForToken(name);
    await first.close();

    const second = await startFixtureRuntime(fixture, { dataDir });
    try {
      const rerun = await second.sfn.send(
        new DescribeExecutionCommand({ executionArn: executionArn as string }),
      );
      expect(rerun).toMatchObject({ status: 'RUNNING', name, input });
      const newToken = await waitForToken(name, 1);
      expect(newToken).not.toBe(oldToken);
      await expect(
        second.sfn.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{}' })),
      ).rejects.toBeInstanceOf(TaskDoesNotExist);
      await second.sfn.send(new SendTaskSuccessCommand({ taskToken: newToken, output: '{"ok":true}' }));
      const end = await waitForEnd(second.sfn, executionArn as string);
      expect(end.status).toBe('SUCCEEDED');
      expect(JSON.parse(end.output ?? '{}')).toMatchObject({ n: 5, approval: { ok: true } });
    } finally {
      await second.close();
    }
  });

  it('creates the template tables in dynalite and keeps their data across restarts', async () => {
    const dataDir = tempDir();
    const first = await startDynamoDbServer({ template: fixture.template, dataDir });
    const tableName = first.tableNames[fixture.ids.table] as string;
    expect(tableName).toBe(fixture.ids.table);
    const client = (endpoint: string) => new DynamoDBClient({ ...sdkOptions, endpoint });
    const c1 = client(first.endpoint);
    const { Table } = await c1.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['byStatus']);
    await c1.send(
      new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'a' }, sk: { S: 'b' }, v: { N: '1' } } }),
    );
    c1.destroy();
    await first.close();

    const second = await startDynamoDbServer({ template: fixture.template, dataDir });
    const c2 = client(second.endpoint);
    try {
      const { Item } = await c2.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'a' }, sk: { S: 'b' } } }),
      );
      expect(Item?.v).toEqual({ N: '1' });
    } finally {
      c2.destroy();
      await second.close();
    }
  });
});

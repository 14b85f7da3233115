/**
 * What a request may have changed on the local stack, counted where the effects land: every
 * item of the records table (hashed), Trello calls and writes counted by its simulator, IdP
 * writes, and executions started. Two readings taken around a refused request must be equal;
 * around an answered read, equal but for Trello reads and the day's seat reading (GET /admin/seats
 * and the overview keep it for the trend: functions/core/admin/seat-report.ts).
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { StackHarness } from './local-stack-harness.ts';

export interface SideEffects {
  /** SHA-256 of every item of the records table but the seat readings, in key order. */
  records: string;
  recordCount: number;
  /** SHA-256 of the seat readings (`SEATS` items). */
  seatReadings: string;
  trelloCalls: number;
  trelloWrites: number;
  idpWrites: number;
  executions: number;
}

const clients = new WeakMap<StackHarness['stack'], DynamoDBDocumentClient>();

function documentClient(h: StackHarness): DynamoDBDocumentClient {
  let client = clients.get(h.stack);
  if (!client) {
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        endpoint: h.stack.dynamodbEndpoint,
      }),
    );
    clients.set(h.stack, client);
  }
  return client;
}

async function allItems(h: StackHarness): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient(h).send(
      new ScanCommand({ TableName: h.stack.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export async function sideEffects(h: StackHarness): Promise<SideEffects> {
  const items = await allItems(h);
  const keyOf = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;
  items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const records = items.filter((item) => item.pk !== 'SEATS');
  const calls = h.stack.trello.calls();
  const { executions, stateMachines } = h.stack.runtime;
  return {
    records: sha256(records),
    recordCount: records.length,
    seatReadings: sha256(items.filter((item) => item.pk === 'SEATS')),
    trelloCalls: calls.total,
    trelloWrites: calls.successfulWrites,
    idpWrites: h.stack.idp?.stats().writes ?? 0,
    executions: Object.values(stateMachines).reduce((n, arn) => n + executions.list(arn).length, 0),
  };
}

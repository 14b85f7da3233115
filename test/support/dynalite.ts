/**
 * dynalite in memory on loopback with the records table, shaped from RECORD_TABLE_KEYS (the
 * shape the CDK construct declares). Small and independent of the synthesized template on
 * purpose: infra/local/dynamodb-server.ts is the one that creates tables from the template.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { RECORD_TABLE_KEYS as K } from '../../functions/adapters/dynamodb/keys.ts';

export interface Dynalite {
  endpoint: string;
  client: DynamoDBDocumentClient;
  tableName: string;
  close(): Promise<void>;
}

export async function startDynalite(tableName = 'records'): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const raw = localClient(endpoint);
  await createRecordTable(raw, tableName);
  return {
    endpoint,
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    tableName,
    close: async () => {
      raw.destroy();
      // Idle keep-alive sockets would hold close() open until they time out.
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client for a local DynamoDB-compatible server (fake credentials; no retries hiding errors). */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** Creates the records table on any DynamoDB-compatible endpoint and waits until it is ACTIVE. */
export async function createRecordTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const S = 'S' as const;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: K.partitionKey, KeyType: 'HASH' },
        { AttributeName: K.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [K.partitionKey, K.sortKey, K.gsi1.partitionKey, K.gsi1.sortKey].map((name) => ({
        AttributeName: name,
        AttributeType: S,
      })),
      GlobalSecondaryIndexes: [
        {
          IndexName: K.gsi1.name,
          KeySchema: [
            { AttributeName: K.gsi1.partitionKey, KeyType: 'HASH' },
            { AttributeName: K.gsi1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  // dynalite answers CreateTable before the table is ACTIVE, even with createTableMs: 0 (TOOLCHAIN.md §3.8).
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline)
      throw new Error(`Table ${tableName} is still ${Table?.TableStatus} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** dynalite on loopback with the records table (the same key shape the CDK construct defines). */
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
  await new Promise<void>((resolve, reject) =>
    server.listen(0, '127.0.0.1', (e?: Error) => (e ? reject(e) : resolve())),
  );
  const { port } = server.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const S = 'S' as const;
  await raw.send(
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
  // dynalite answers CreateTable before the table is ACTIVE (TOOLCHAIN.md §3.8).
  for (;;) {
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return {
    endpoint,
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    tableName,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

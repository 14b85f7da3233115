/**
 * The DynamoDB-compatible server of the local stack: dynalite on loopback (LevelDB under the data
 * dir, or memory), with every table of the synthesized template created as declared. dynalite has
 * no transactions and no TTL; the record store needs neither (DESIGN.md "Stack decisions").
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { readTables, type Template } from './template/resolve-asl.ts';

export interface DynamoDbServer {
  endpoint: string;
  /** Logical id → table name. */
  tableNames: Record<string, string>;
  close(): Promise<void>;
}

export async function startDynamoDbServer(options: {
  template: Template;
  dataDir?: string;
  port?: number;
}): Promise<DynamoDbServer> {
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const tableNames: Record<string, string> = {};
  try {
    for (const table of readTables(options.template)) {
      // DynamoDB table names have at least 3 characters; a shorter logical id is padded.
      const name = table.name.length >= 3 ? table.name : `${table.name}___`;
      tableNames[table.logicalId] = name;
      // A table that exists already (a LevelDB dir from an earlier start) keeps its data.
      if (!(await exists(client, name)))
        await client.send(new CreateTableCommand(createInput(name, table.properties)));
      await waitUntilActive(client, name);
    }
  } catch (error) {
    server.close();
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    tableNames,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open; requests still in flight finish first.
        server.closeIdleConnections();
      }),
  };
}

/** dynalite answers CreateTable before the table is ACTIVE, even with createTableMs 0 (TOOLCHAIN.md §3.8). */
async function waitUntilActive(client: DynamoDBClient, name: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(`Table ${name} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function exists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** CloudFormation table properties → CreateTable (keys, attributes, indexes; on-demand billing). */
function createInput(name: string, props: Record<string, unknown>): CreateTableCommandInput {
  const indexes = (key: 'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes') => {
    const declared = (props[key] ?? []) as Array<Record<string, unknown>>;
    return declared.length === 0
      ? {}
      : {
          [key]: declared.map((i) => ({
            IndexName: String(i.IndexName),
            KeySchema: i.KeySchema as never,
            Projection: i.Projection as never,
          })),
        };
  };
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    ...indexes('GlobalSecondaryIndexes'),
    ...indexes('LocalSecondaryIndexes'),
  };
}

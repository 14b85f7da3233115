/**
 * The DynamoDB-compatible server of the local stack, as it runs on its own thread
 * (./dynamodb-server.ts starts it): dynalite on loopback (LevelDB under the data dir, or memory),
 * with every table of the synthesized template created as declared. dynalite has no transactions
 * and no TTL; the record store needs neither (DESIGN.md "Stack decisions").
 *
 * With the IAM check on, a request signed as a function (./iam/caller.ts) is first evaluated
 * against that function's role policies, in front of dynalite's own request handler: a refused one
 * is answered as DynamoDB answers it (HTTP 400, `com.amazon.coral.service#AccessDeniedException`)
 * and never reaches dynalite. Requests that name no function go straight through.
 *
 * In front of both, the throttling can refuse a share of the functions' requests as DynamoDB
 * throttles them (./dynamodb-throttling.ts), off until a test turns it on.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { DynamoDbThrottling, type ThrottlingSettings } from './dynamodb-throttling.ts';
import { callerFunction } from './iam/caller.ts';
import { dynamodbRequests, type TableKeys } from './iam/dynamodb-requests.ts';
import { AccessDeniedError, accessErrorBody, IamCheck, UnrecognizedClientError } from './iam/iam-check.ts';
import { LISTEN_BACKLOG } from './listen-backlog.ts';
import { LOCAL, readTables, type Template } from './template/read-template.ts';

/** What the thread is started with (the worker's `workerData`). */
export interface DynamoDbThreadOptions {
  template: Template;
  dataDir?: string;
  port?: number;
  /** Evaluate the calls functions make against their role policies (./iam/iam-check.ts). */
  checkIam: boolean;
}

/** What the thread posts once: where it listens, or why it could not start. */
export type DynamoDbThreadReady =
  | { ready: true; endpoint: string; tableNames: Record<string, string> }
  | { ready: false; message: string; stack?: string };

/** A request from the starting thread, answered by a {@link DynamoDbThreadReply} with its id. */
export type DynamoDbThreadRequest = { id: number } & (
  | { op: 'configureThrottling'; settings: ThrottlingSettings }
  | { op: 'clearThrottling' }
  | { op: 'throttlingStats' }
  | { op: 'close' }
);
export type DynamoDbThreadAnswer = { ok: true; value?: unknown } | { ok: false; message: string };
export type DynamoDbThreadReply = { id: number } & DynamoDbThreadAnswer;

/** The thread's work: serve, post {@link DynamoDbThreadReady}, then answer requests until `close`. */
export async function serveThread(port: MessagePort, options: DynamoDbThreadOptions): Promise<void> {
  let served: Served;
  try {
    served = await serve(options);
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ ready: false, message, stack } satisfies DynamoDbThreadReady);
    return;
  }
  port.on('message', (request: DynamoDbThreadRequest) => {
    const reply = (answer: DynamoDbThreadAnswer) =>
      port.postMessage({ id: request.id, ...answer } satisfies DynamoDbThreadReply);
    try {
      switch (request.op) {
        case 'configureThrottling':
          return reply({ ok: true, value: served.throttling.configure(request.settings) });
        case 'clearThrottling':
          return reply({ ok: true, value: served.throttling.clear() });
        case 'throttlingStats':
          return reply({ ok: true, value: served.throttling.stats() });
        case 'close':
          // The port is closed last: the thread then has nothing left to run and ends.
          return void served.close().then(() => {
            reply({ ok: true });
            port.close();
          });
      }
    } catch (error) {
      reply({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({
    ready: true,
    endpoint: served.endpoint,
    tableNames: served.tableNames,
  } satisfies DynamoDbThreadReady);
}

interface Served {
  endpoint: string;
  tableNames: Record<string, string>;
  throttling: DynamoDbThrottling;
  close(): Promise<void>;
}

async function serve(options: DynamoDbThreadOptions): Promise<Served> {
  // Built from the same template as the local stack's own check: a thread cannot share objects.
  const iam = options.checkIam ? await IamCheck.fromTemplate(options.template) : undefined;
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const tableKeys: Record<string, TableKeys> = {};
  const throttling = new DynamoDbThrottling();
  filterRequests(server, throttling, iam, tableKeys);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => resolve());
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
      tableKeys[name] = keysOf(table.name, table.properties);
      // A table that exists already (a LevelDB dir from an earlier start) keeps its data.
      if (!(await exists(client, name)))
        await client.send(new CreateTableCommand(createInput(name, table.properties)));
      await waitUntilActive(client, name);
    }
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    tableNames,
    throttling,
    close: () =>
      new Promise<void>((resolve) => {
        // dynalite closes its LevelDB once the server has closed: the data dir is free again.
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

/** The table's ARN as the template names it, and the partition keys of the table and its indexes. */
function keysOf(templateName: string, props: Record<string, unknown>): TableKeys {
  type KeySchema = Array<{ AttributeName: string; KeyType: string }>;
  const hashOf = (schema: unknown) =>
    ((schema ?? []) as KeySchema).find((k) => k.KeyType === 'HASH')?.AttributeName ?? '';
  const indexes = [
    ...((props.GlobalSecondaryIndexes ?? []) as Array<Record<string, unknown>>),
    ...((props.LocalSecondaryIndexes ?? []) as Array<Record<string, unknown>>),
  ];
  return {
    arn: `arn:${LOCAL.partition}:dynamodb:${LOCAL.region}:${LOCAL.account}:table/${templateName}`,
    partitionKey: hashOf(props.KeySchema),
    indexPartitionKeys: Object.fromEntries(indexes.map((i) => [String(i.IndexName), hashOf(i.KeySchema)])),
  };
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the throttling, then the IAM check (when given), in front of dynalite's request handler.
 */
function filterRequests(
  server: Server,
  throttling: DynamoDbThrottling,
  iam: IamCheck | undefined,
  tables: Record<string, TableKeys>,
): void {
  const [dynaliteHandler] = server.listeners('request') as RequestHandler[];
  if (!dynaliteHandler) throw new Error('dynalite registered no request handler');
  server.removeAllListeners('request');
  const next = iam ? iamChecked(dynaliteHandler, iam, tables) : dynaliteHandler;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const throttled = throttling.decide(callerFunction(req.headers.authorization));
    if (!throttled) return next(req, res);
    req.resume(); // the body is not read: DynamoDB refuses before it applies anything
    answer(req, res, throttled.status, throttled.body);
  });
}

/**
 * dynalite's handler behind the IAM check: the body of a request signed as a function is read,
 * evaluated, then replayed to dynalite unchanged (or refused).
 */
function iamChecked(
  dynaliteHandler: RequestHandler,
  iam: IamCheck,
  tables: Record<string, TableKeys>,
): RequestHandler {
  return (req: IncomingMessage, res: ServerResponse) => {
    const functionName = callerFunction(req.headers.authorization);
    if (functionName === undefined || req.method !== 'POST') return dynaliteHandler(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const replay = () =>
        dynaliteHandler(
          Object.assign(Readable.from(body.length > 0 ? [body] : []), {
            headers: req.headers,
            method: req.method,
            url: req.url,
          }) as unknown as IncomingMessage,
          res,
        );
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return replay(); // dynalite answers SerializationException
      }
      iam
        .authorize(functionName, dynamodbRequests(operation, parsed, tables))
        .then(replay, (error: Error) => {
          const refused = error instanceof AccessDeniedError || error instanceof UnrecognizedClientError;
          answer(
            req,
            res,
            refused ? 400 : 500,
            refused
              ? accessErrorBody(error)
              : { __type: 'com.amazon.coral.service#InternalFailure', message: error.message },
          );
        });
    });
  };
}

/** An error answered as DynamoDB answers it: its JSON content type, request id and CRC32. */
function answer(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': String(req.headers['content-type'] ?? 'application/x-amz-json-1.0').split(';')[0],
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomBytes(39).toString('base64url').toUpperCase().slice(0, 52),
    'x-amz-crc32': String(crc32(payload)),
  });
  res.end(payload);
}

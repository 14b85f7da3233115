/**
 * How a function's identity reaches the local endpoints: with LANYARD_AWS_IDENTITY=invocation the
 * SDK clients sign every request with an access key naming the function whose invocation made it,
 * read per request (so one shared client signs concurrent calls of different functions each as its
 * own), and with the environment's key outside any invocation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  awsClientConfig,
  currentFunction,
  FUNCTION_ACCESS_KEY_PREFIX,
  runAsFunction,
} from '../../../functions/composition/aws-clients.ts';
import { ConfigKeys } from '../../../functions/composition/config-keys.ts';
import { callerFunction } from '../../../infra/local/iam/caller.ts';

/** Answers every DynamoDB call with an empty GetItem result, after recording who signed it for which table. */
const seen: Array<{ table: string; caller: string | undefined; keyId: string | undefined }> = [];
let server: Server;
let endpoint: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const authorization = req.headers.authorization;
      seen.push({
        table: (JSON.parse(body) as { TableName: string }).TableName,
        caller: callerFunction(authorization),
        keyId: /Credential=([^/]+)\//.exec(authorization ?? '')?.[1],
      });
      // A little later for every other call, so requests of different functions overlap.
      setTimeout(
        () => {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end('{}');
        },
        seen.length % 2 ? 5 : 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const saved = { ...process.env };
afterEach(() => {
  for (const key of [ConfigKeys.awsIdentity, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'])
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  seen.length = 0;
});

const getItem = (client: DynamoDBClient, table: string) =>
  client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'x' } } }));

describe('awsClientConfig', () => {
  it('leaves credentials to the SDK by default (on Lambda: the role session)', () => {
    delete process.env[ConfigKeys.awsIdentity];
    expect(awsClientConfig('http://localhost:1')).toEqual({ endpoint: 'http://localhost:1' });
    expect(awsClientConfig()).toEqual({});
  });

  it('refuses a value it does not know, naming the variable', () => {
    process.env[ConfigKeys.awsIdentity] = 'role';
    expect(() => awsClientConfig()).toThrow(/LANYARD_AWS_IDENTITY: must be "invocation" or unset/);
  });

  it('signs as the function whose invocation makes the call, per request, even on one shared client', async () => {
    process.env[ConfigKeys.awsIdentity] = 'invocation';
    process.env.AWS_ACCESS_KEY_ID = 'tool-key';
    process.env.AWS_SECRET_ACCESS_KEY = 'tool-secret';
    const client = new DynamoDBClient({ ...awsClientConfig(endpoint), region: 'us-east-1', maxAttempts: 1 });
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10; i++)
      for (const fn of ['FnA', 'FnB', 'FnC']) calls.push(runAsFunction(fn, async () => getItem(client, fn)));
    calls.push(getItem(client, 'no-function'));
    await Promise.all(calls);
    client.destroy();
    expect(seen).toHaveLength(31);
    for (const call of seen.filter((s) => s.table !== 'no-function')) {
      expect(call.caller).toBe(call.table);
      expect(call.keyId).toBe(`${FUNCTION_ACCESS_KEY_PREFIX}${call.table}`);
    }
    // Outside an invocation: the environment's key, which names no function (not checked).
    expect(seen.find((s) => s.table === 'no-function')).toMatchObject({
      caller: undefined,
      keyId: 'tool-key',
    });
  });

  it('lets every invocation sharing the process have a request in flight, past the SDK’s 50 sockets', async () => {
    process.env[ConfigKeys.awsIdentity] = 'invocation';
    // Answers nothing until 120 requests are open at once (or, each second, whatever is open), so
    // the most seen open at once is what the client's sockets let through.
    const WANTED = 120;
    let open = 0;
    let most = 0;
    const held: Array<() => void> = [];
    const release = () => {
      for (const answer of held.splice(0)) answer();
    };
    const fallback = setInterval(release, 1_000);
    const busy = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        most = Math.max(most, ++open);
        held.push(() => {
          open--;
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end('{}');
        });
        if (open >= WANTED) release();
      });
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(busy.address() as AddressInfo).port}`;
    const client = new DynamoDBClient({ ...awsClientConfig(url), region: 'us-east-1', maxAttempts: 1 });
    try {
      await Promise.all(
        Array.from({ length: WANTED }, (_, i) => runAsFunction(`Fn${i}`, () => getItem(client, `t${i}`))),
      );
    } finally {
      clearInterval(fallback);
      client.destroy();
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    expect(most).toBe(WANTED);
  });

  it('keeps the invocation through awaits and timers started inside it', async () => {
    const inside = await runAsFunction('FnA', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentFunction();
    });
    expect(inside).toBe('FnA');
    expect(currentFunction()).toBeUndefined();
  });
});

describe('callerFunction', () => {
  it('reads the function from a SigV4 Credential, and nothing from other keys', () => {
    const header = (key: string) =>
      `AWS4-HMAC-SHA256 Credential=${key}/20261122/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)}`;
    expect(callerFunction(header(`${FUNCTION_ACCESS_KEY_PREFIX}GrantSeatFnCECB5F5D`))).toBe(
      'GrantSeatFnCECB5F5D',
    );
    expect(callerFunction(header('local'))).toBeUndefined();
    expect(callerFunction(header(FUNCTION_ACCESS_KEY_PREFIX))).toBeUndefined();
    expect(callerFunction(undefined)).toBeUndefined();
  });
});

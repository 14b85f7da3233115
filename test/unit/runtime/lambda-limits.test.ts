/**
 * Lambda's limits in the local host: a response over 6,291,556 bytes fails the invocation as
 * Lambda's Invoke fails it (Function.ResponseSizeTooLarge), and invocations beyond the account's
 * concurrency are throttled (Lambda.TooManyRequestsException) until one ends.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { startEventsEndpoint } from '../../../infra/local/runtime/events-endpoint.ts';
import type { Executions } from '../../../infra/local/runtime/executions.ts';
import { LambdaHost, MAX_RESPONSE_BYTES } from '../../../infra/local/runtime/lambda-host.ts';
import { held } from './fixtures/limit-handlers.ts';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'limit-handlers.ts');
const functions = {
  Sized: { entry, handlerExport: 'sized', timeoutSeconds: 10 },
  Hold: { entry, handlerExport: 'hold', timeoutSeconds: 10 },
};
/** The JSON of `{ data: "…" }` is 11 bytes more than its data. */
const WRAPPER = JSON.stringify({ data: '' }).length;

describe('the response size limit', () => {
  const host = new LambdaHost(functions);

  it('returns a response of exactly 6,291,556 bytes', async () => {
    const result = (await host.invoke('Sized', { bytes: MAX_RESPONSE_BYTES - WRAPPER })) as { data: string };
    expect(result.data).toHaveLength(MAX_RESPONSE_BYTES - WRAPPER);
  });

  it('fails one byte over it with Lambda’s error, no trace (the handler itself succeeded)', async () => {
    const error = await host
      .invoke('Sized', { bytes: MAX_RESPONSE_BYTES - WRAPPER + 1 })
      .catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'Function.ResponseSizeTooLarge' });
    expect(JSON.parse((error as Error).message)).toEqual({
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
  });
});

describe('concurrency', () => {
  it('throttles invocations beyond the limit, and admits one again once a slot is free', async () => {
    const host = new LambdaHost(functions, { concurrency: 2 });
    const running = [host.invoke('Hold', { ms: 100 }), host.invoke('Hold', { ms: 100 })];
    const throttled = await host.invoke('Sized', { bytes: 1 }).catch((e: Error) => e);
    expect(throttled).toMatchObject({ name: 'Lambda.TooManyRequestsException' });
    expect((throttled as Error).message).toMatch(
      /^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
    await Promise.all(running);
    await expect(host.invoke('Sized', { bytes: 1 })).resolves.toEqual({ data: 'x' });
  });

  it('frees the slot of a failed invocation too', async () => {
    const host = new LambdaHost(functions, { concurrency: 1 });
    await host.invoke('Sized', { bytes: MAX_RESPONSE_BYTES }).catch(() => undefined);
    await expect(host.invoke('Hold', { ms: 1 })).resolves.toEqual({ held: 1 });
  });

  it('tries a throttled asynchronous invocation (an EventBridge target) again until it runs', async () => {
    const host = new LambdaHost(functions, { concurrency: 1 });
    const endpoint = await startEventsEndpoint({
      rules: [
        {
          logicalId: 'Rule',
          busName: 'default',
          pattern: { source: ['limits.test'] },
          targets: [{ kind: 'lambda', logicalId: 'Hold' }],
        },
      ],
      busNames: [],
      stateMachineArns: {},
      executions: {} as Executions,
      host,
    });
    const events = new EventBridgeClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const ids = ['a', 'b', 'c'];
    await events.send(
      new PutEventsCommand({
        Entries: ids.map((id) => ({
          Source: 'limits.test',
          DetailType: 'Hold',
          Detail: JSON.stringify({ id, ms: 50 }),
        })),
      }),
    );
    const deadline = Date.now() + 10_000;
    const done = () => held.filter((e) => ids.includes((e as { detail?: { id: string } }).detail?.id ?? ''));
    while (done().length < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(done()).toHaveLength(3);
    events.destroy();
    await endpoint.close();
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => new LambdaHost(functions, { concurrency: 0 })).toThrow(/at least 1/);
  });
});

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LambdaHost } from '../../../infra/local/runtime/lambda-host.ts';
import { counted } from '../../support/fixtures/runtime/handlers/probe.ts';

const entry = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../support/fixtures/runtime/handlers/probe.ts',
);
const host = new LambdaHost({
  Probe: { entry, timeoutSeconds: 3 },
  Fails: { entry, handlerExport: 'fails', timeoutSeconds: 3 },
  Sleeps: { entry, handlerExport: 'sleeps', timeoutSeconds: 0.2 },
  Broken: { entry, handlerExport: 'notAFunction', timeoutSeconds: 3 },
  Counts: { entry, handlerExport: 'counts', timeoutSeconds: 3 },
});

describe('LambdaHost', () => {
  it('calls the handler with the event and a Lambda-like context', async () => {
    const result = (await host.invoke('Probe', { a: 1 })) as Record<string, unknown>;
    expect(result).toMatchObject({
      event: { a: 1 },
      functionName: 'Probe',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Probe',
      logGroupName: '/aws/lambda/Probe',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(result.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.remaining).toBeGreaterThan(2_000);
    expect(result.remaining).toBeLessThanOrEqual(3_000);
  });

  it('keeps a thrown error’s name and gives a Lambda-shaped cause', async () => {
    const error = await host.invoke('Fails', {}).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'SeatsExhaustedError' });
    expect(JSON.parse((error as Error).message)).toMatchObject({
      errorType: 'SeatsExhaustedError',
      errorMessage: 'seat limit reached',
      trace: expect.arrayContaining([expect.stringContaining('SeatsExhaustedError')]),
    });
  });

  it('fails a handler that runs past its timeout with Sandbox.Timedout', async () => {
    const error = await host.invoke('Sleeps', {}).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'Sandbox.Timedout' });
    expect((error as Error).message).toContain('Task timed out after 0.20 seconds');
  });

  it('refuses the next invocations of a throttled function as Lambda does, then runs it again', async () => {
    host.throttle('Probe', 2);
    for (let i = 0; i < 2; i++)
      await expect(host.invoke('Probe', {})).rejects.toMatchObject({
        name: 'Lambda.TooManyRequestsException',
      });
    await expect(host.invoke('Fails', {})).rejects.toMatchObject({ name: 'SeatsExhaustedError' }); // others run
    await expect(host.invoke('Probe', { a: 2 })).resolves.toMatchObject({ event: { a: 2 } });
    expect(() => host.throttle('Nope', 1)).toThrow(/No function Nope/);
  });

  it('times out chosen invocations on demand, before the handler ran or after it did its work', async () => {
    host.timeouts.configure({ seed: 5, rate: 1, functions: ['Counts'] });
    const before = counted.calls;
    try {
      for (let i = 0; i < 20; i++) {
        const error = await host.invoke('Counts', {}).catch((e: Error) => e);
        expect(error).toMatchObject({ name: 'Sandbox.Timedout' });
        expect(JSON.parse((error as Error).message)).toMatchObject({
          errorType: 'Sandbox.Timedout',
          errorMessage: expect.stringContaining('Task timed out after 3.00 seconds'),
        });
      }
      await expect(host.invoke('Probe', { a: 3 })).resolves.toMatchObject({ event: { a: 3 } }); // not chosen
    } finally {
      host.timeouts.clear();
    }
    const injected = host.timeouts.stats();
    expect(injected.before + injected.after).toBe(20);
    expect(injected.before).toBeGreaterThan(0);
    // The handler ran exactly in the invocations whose deadline passed after it.
    expect(counted.calls - before).toBe(injected.after);
    const calls = counted.calls;
    await expect(host.invoke('Counts', {})).resolves.toBe(calls + 1); // cleared: it runs again
  });

  it('times out only at the moments it is given', async () => {
    host.timeouts.configure({ seed: 5, rate: 1, functions: ['Counts'], moments: ['before'] });
    const before = counted.calls;
    try {
      for (let i = 0; i < 5; i++)
        await expect(host.invoke('Counts', {})).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    } finally {
      host.timeouts.clear();
    }
    expect(host.timeouts.stats()).toEqual({ before: 5, after: 0 });
    expect(counted.calls).toBe(before); // the handler never ran
  });

  it('names the module and export when the export is not a function', async () => {
    await expect(host.invoke('Broken', {})).rejects.toThrow(/exports no function "notAFunction"/);
  });
});

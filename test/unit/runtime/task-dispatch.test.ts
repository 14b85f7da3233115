/** Task dispatch is by function: every Task must name a mapped function, statically, before anything runs. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LambdaHost } from '../../../infra/local/runtime/lambda-host.ts';
import {
  assertTasksMapped,
  type invokeResponse,
  taskHandlers,
} from '../../../infra/local/runtime/task-dispatch.ts';
import { TaskTokens } from '../../../infra/local/runtime/task-tokens.ts';

const entry = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../support/fixtures/runtime/handlers/echo.ts',
);
const host = new LambdaHost({ Echo: { entry, timeoutSeconds: 3 } });
const arn = (id: string) => `arn:aws:lambda:us-east-1:000000000000:function:${id}`;
const task = (parameters: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: parameters,
  TimeoutSeconds: 10,
  End: true,
});
const machine = (states: Record<string, unknown>) => ({ StartAt: Object.keys(states)[0], States: states });

describe('task dispatch', () => {
  it('accepts Tasks whose FunctionName is a mapped function, however it is written', () => {
    const definition = machine({
      A: { ...task({ FunctionName: arn('Echo'), 'Payload.$': '$' }), End: undefined, Next: 'B' },
      B: { ...task({ FunctionName: `${arn('Echo')}:$LATEST` }), End: undefined, Next: 'C' },
      C: task({ FunctionName: 'Echo', InvocationType: 'RequestResponse' }),
    });
    expect(() => assertTasksMapped('M', definition, host)).not.toThrow();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'an unmapped function',
      { FunctionName: arn('Missing') },
      /state "T": function Missing .* not in the function map/,
    ],
    ['a dynamic FunctionName', { 'FunctionName.$': '$.fn' }, /state "T": FunctionName is dynamic/],
    [
      'an asynchronous invocation',
      { FunctionName: arn('Echo'), InvocationType: 'Event' },
      /state "T": InvocationType "Event"/,
    ],
  ])('refuses %s before anything runs, naming the machine and the state', (_name, parameters, message) => {
    const definition = machine({
      Each: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'T', States: { T: task(parameters) } },
        End: true,
      },
    });
    expect(() => assertTasksMapped('Machine-X', definition, host)).toThrow(/Machine-X/);
    expect(() => assertTasksMapped('Machine-X', definition, host)).toThrow(message);
  });

  it('answers with the lambda:invoke envelope, whatever the state is called', async () => {
    const definition = machine({ 'Any Name': task({ FunctionName: arn('Echo'), 'Payload.$': '$' }) });
    const handlers = taskHandlers({
      definition,
      host,
      tokens: new TaskTokens(),
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:M:e',
      signal: new AbortController().signal,
    });
    const response = (await handlers['Any Name']?.({
      FunctionName: arn('Echo'),
      Payload: { a: 1 },
    })) as ReturnType<typeof invokeResponse>;
    expect(response).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { echoed: { a: 1 } },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(response.SdkResponseMetadata.RequestId).toBe(
      response.SdkHttpMetadata.HttpHeaders['x-amzn-RequestId'],
    );
  });

  it('invokes nothing once its execution has ended', async () => {
    const controller = new AbortController();
    const handlers = taskHandlers({
      definition: machine({ T: task({ FunctionName: arn('Echo') }) }),
      host,
      tokens: new TaskTokens(),
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:M:e',
      signal: controller.signal,
    });
    controller.abort();
    await expect(
      handlers.T?.({ FunctionName: arn('Echo'), Payload: {} }) as Promise<unknown>,
    ).rejects.toThrow(/has ended/);
  });
});

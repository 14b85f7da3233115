/**
 * Step Functions' and Lambda's payload limits on the local runtime, as on AWS: a Task result over
 * 256 KiB fails the execution with States.DataLimitExceeded, which a `States.ALL` catcher does not
 * take (a terminal error); a Lambda response over 6,291,556 bytes fails the Task with Lambda's
 * Function.ResponseSizeTooLarge, an ordinary error the catcher does take.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime/local-runtime.ts';
import { MAX_STATE_DATA_BYTES } from '../../../infra/local/runtime/task-dispatch.ts';
import { handTemplate } from '../../support/fixtures/runtime/hand-template.ts';
import { sdkOptions, waitForEnd } from '../../support/fixtures/runtime/runtime-harness.ts';

const handlers = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../unit/runtime/fixtures/limit-handlers.ts',
);

let runtime: LocalRuntime;
let sfn: SFNClient;
beforeAll(async () => {
  runtime = await startLocalRuntime({
    template: handTemplate({
      StartAt: 'Produce',
      States: {
        Produce: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: '@ASK_FN_ARN@', 'Payload.$': '$' },
          ResultSelector: { 'status.$': '$.StatusCode' },
          TimeoutSeconds: 30,
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    }),
    functions: { AskFn: { entry: handlers, handlerExport: 'sized', timeoutSeconds: 30 } },
  });
  sfn = new SFNClient({ ...sdkOptions, endpoint: runtime.sfnEndpoint });
});
afterAll(async () => {
  sfn?.destroy();
  await runtime?.close();
});

async function run(bytes: number) {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: runtime.stateMachines.Machine,
      input: JSON.stringify({ bytes }),
    }),
  );
  return waitForEnd(sfn, executionArn as string, 30_000);
}

describe('payload limits', () => {
  it('passes a Task result under 256 KiB', async () => {
    const end = await run(100_000);
    expect(end.status).toBe('SUCCEEDED');
  });

  it('fails the execution on a Task result over 256 KiB, past a States.ALL catcher', async () => {
    const end = await run(MAX_STATE_DATA_BYTES);
    expect(end).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause:
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('fails the Task on a Lambda response over 6 MB with Lambda’s error, which the catcher takes', async () => {
    const end = await run(6_300_000);
    expect(end.status).toBe('SUCCEEDED');
    const caught = (JSON.parse(end.output ?? '{}') as { caught: { Error: string; Cause: string } }).caught;
    expect(caught.Error).toBe('Function.ResponseSizeTooLarge');
    expect(JSON.parse(caught.Cause)).toEqual({
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
  });
});

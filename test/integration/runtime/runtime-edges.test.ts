/**
 * Runtime behaviour outside the CDK fixture: an execution that outlives the machine's
 * TimeoutSeconds, a runtime without a data dir, the wire rules of the JSON endpoints (SigV4
 * header shape, content type, validation), and a process that exits on its own after close().
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime/local-runtime.ts';
import { handFunctions, handTemplate } from '../../support/fixtures/runtime/hand-template.ts';
import { sdkOptions, waitForEnd } from '../../support/fixtures/runtime/runtime-harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

let runtime: LocalRuntime;
let sfn: SFNClient;
beforeAll(async () => {
  // No dataDir: executions live in memory only.
  runtime = await startLocalRuntime({
    template: handTemplate({
      TimeoutSeconds: 1,
      StartAt: 'Linger',
      States: { Linger: { Type: 'Wait', Seconds: 30, End: true } },
    }),
    functions: handFunctions,
  });
  sfn = new SFNClient({ ...sdkOptions, endpoint: runtime.sfnEndpoint });
});
afterAll(async () => {
  sfn?.destroy();
  await runtime?.close();
});

describe('local runtime edges', () => {
  it('times an execution out at the machine TimeoutSeconds: TIMED_OUT, no error on the execution', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: runtime.stateMachines.Machine, input: '{}' }),
    );
    const end = await waitForEnd(sfn, executionArn as string, 5_000);
    expect(end.status).toBe('TIMED_OUT');
    // As DescribeExecution on AWS: States.Timeout is in the history, not on the execution.
    expect(end.error).toBeUndefined();
    expect((end.stopDate?.getTime() ?? 0) - (end.startDate?.getTime() ?? 0)).toBeGreaterThanOrEqual(900);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    expect(events.at(-1)?.executionTimedOutEventDetails?.error).toBe('States.Timeout');
  });

  describe('the JSON endpoint wire rules', () => {
    const call = (headers: Record<string, string>, body = '{}') =>
      fetch(runtime.sfnEndpoint, { method: 'POST', headers, body }).then(async (res) => ({
        status: res.status,
        contentType: res.headers.get('content-type'),
        body: (await res.json()) as { __type?: string; message?: string },
      }));
    const signed = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20261122/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=' +
        'a'.repeat(64),
      'content-type': 'application/x-amz-json-1.0',
    };

    it.each<[string, Record<string, string>, string, string]>([
      [
        'an unsigned request',
        { 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
        '{}',
        'MissingAuthenticationTokenException',
      ],
      [
        'a request signed with something else than SigV4',
        { ...signed, authorization: 'Bearer abc', 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
        '{}',
        'IncompleteSignatureException',
      ],
      [
        'an unknown operation',
        { ...signed, 'x-amz-target': 'AWSStepFunctions.CreateStateMachine' },
        '{}',
        'UnknownOperationException',
      ],
      [
        'another protocol version',
        {
          ...signed,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSStepFunctions.ListExecutions',
        },
        '{}',
        'SerializationException',
      ],
      [
        'a body that is not JSON',
        { ...signed, 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
        'nope',
        'SerializationException',
      ],
      [
        'a request missing a required member',
        { ...signed, 'x-amz-target': 'AWSStepFunctions.DescribeExecution' },
        '{}',
        'ValidationException',
      ],
    ])('refuses %s as AWS does, with a 400 and a __type', async (_name, headers, body, type) => {
      const res = await call(headers, body);
      expect(res.status).toBe(400);
      expect(res.contentType).toBe('application/x-amz-json-1.0');
      expect(res.body.__type).toBe(type);
      expect(res.body.message).toEqual(expect.any(String));
    });

    it('answers an AWS error for an unknown execution', async () => {
      const res = await call(
        { ...signed, 'x-amz-target': 'AWSStepFunctions.DescribeExecution' },
        JSON.stringify({ executionArn: `${runtime.stateMachines.Machine}:nope` }),
      );
      expect(res).toMatchObject({ status: 400, body: { __type: 'ExecutionDoesNotExist' } });
      await expect(
        sfn.send(new DescribeExecutionCommand({ executionArn: `${runtime.stateMachines.Machine}:nope` })),
      ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    });
  });

  it('closes without leaving the process anything to wait for, even with an execution waiting an hour', async () => {
    const script = path.resolve(here, '../../support/fixtures/runtime/close-and-exit.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      const kill = setTimeout(() => {
        child.kill();
        reject(new Error(`the process did not exit after close() (stdout: ${stdout})`));
      }, 20_000);
      child.on('exit', (exitCode) => {
        clearTimeout(kill);
        resolve(exitCode);
      });
    });
    expect(code).toBe(0);
    expect(stdout).toContain('closed');
  });
});

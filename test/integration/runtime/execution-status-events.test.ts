/**
 * The local runtime tells an execution's status changes as Step Functions does (issue 15): a
 * "Step Functions Execution Status Change" event on the default bus, in AWS's shape, routed by the
 * template's rules — here a rule written as the stack's execution watch is synthesized (a `Ref` to
 * the state machine in its pattern, only FAILED/TIMED_OUT/ABORTED) delivering to a function.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionStatusChange } from '../../../functions/contracts/execution-status-change.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime/local-runtime.ts';
import type { Template } from '../../../infra/local/template/read-template.ts';
import { delivered } from '../../support/fixtures/runtime/handlers/watch.ts';
import { sdkOptions, waitForEnd } from '../../support/fixtures/runtime/runtime-harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Fails with Boom when asked to, waits a while when asked to (to be stopped), else succeeds. */
const definition = {
  StartAt: 'How',
  States: {
    How: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.outcome', StringEquals: 'fail', Next: 'Boom' },
        { Variable: '$.outcome', StringEquals: 'linger', Next: 'Linger' },
      ],
      Default: 'Done',
    },
    Boom: { Type: 'Fail', Error: 'Boom', Cause: 'it went wrong' },
    Linger: { Type: 'Wait', Seconds: 600, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const template: Template = {
  Resources: {
    WatchFn: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 5 } },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { StateMachineName: 'Lanyard-Machine', DefinitionString: JSON.stringify(definition) },
    },
    WatchRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventPattern: {
          source: ['aws.states'],
          'detail-type': ['Step Functions Execution Status Change'],
          detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: 'Machine' }] },
        },
        State: 'ENABLED',
        Targets: [{ Arn: { 'Fn::GetAtt': ['WatchFn', 'Arn'] }, Id: 'Target0' }],
      },
    },
  },
};

let runtime: LocalRuntime;
let sfn: SFNClient;
beforeAll(async () => {
  runtime = await startLocalRuntime({
    template,
    functions: {
      WatchFn: {
        entry: path.join(here, '../../support/fixtures/runtime/handlers/watch.ts'),
        timeoutSeconds: 5,
      },
    },
  });
  sfn = new SFNClient({ ...sdkOptions, endpoint: runtime.sfnEndpoint });
});
afterAll(async () => {
  sfn?.destroy();
  await runtime?.close();
});

async function start(name: string, outcome: string): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: runtime.stateMachines.Machine,
      name,
      input: JSON.stringify({ outcome }),
    }),
  );
  return executionArn as string;
}

/** The events delivered for the execution of that name, once at least `count` came (polled). */
async function deliveredFor(name: string, count = 1, timeoutMs = 5_000): Promise<unknown[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = delivered.filter((e) => (e as { detail?: { name?: string } }).detail?.name === name);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Step Functions execution status change events', () => {
  it('emits a failed execution’s event in AWS’s shape to the default bus, where the rule delivers it', async () => {
    // Prepare
    const before = Date.now();
    // Act
    const executionArn = await start('fails-1', 'fail');
    const end = await waitForEnd(sfn, executionArn, 5_000);
    const [event, ...more] = await deliveredFor('fails-1');
    // Assess
    expect(end.status).toBe('FAILED');
    expect(more).toEqual([]);
    expect(ExecutionStatusChange.parse(event)).toBeTruthy();
    expect(event).toEqual({
      version: '0',
      id: expect.any(String),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [executionArn],
      detail: {
        executionArn,
        stateMachineArn: runtime.stateMachines.Machine,
        name: 'fails-1',
        status: 'FAILED',
        startDate: expect.any(Number),
        stopDate: expect.any(Number),
        input: '{"outcome":"fail"}',
        inputDetails: { included: true },
        output: null,
        outputDetails: null,
        error: 'Boom',
        cause: 'it went wrong',
      },
    });
    const { startDate, stopDate } = (event as { detail: { startDate: number; stopDate: number } }).detail;
    expect(startDate).toBeGreaterThanOrEqual(before);
    expect(stopDate).toBeGreaterThanOrEqual(startDate);
  });

  it('emits a stopped execution’s event as ABORTED with the error and cause StopExecution gave', async () => {
    // Prepare
    const executionArn = await start('stopped-1', 'linger');
    // Act
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'RunSuperseded', cause: 'a leaver' }));
    const [event] = await deliveredFor('stopped-1');
    // Assess
    expect(event).toMatchObject({
      resources: [executionArn],
      detail: { status: 'ABORTED', error: 'RunSuperseded', cause: 'a leaver', output: null },
    });
  });

  it('tells RUNNING and SUCCEEDED too, which a rule for unfinished ends does not deliver', async () => {
    // Prepare
    const told: Array<{ name: string; status: string }> = [];
    runtime.executions.onStatusChange((record) => told.push({ name: record.name, status: record.status }));
    // Act
    const executionArn = await start('succeeds-1', 'succeed');
    await waitForEnd(sfn, executionArn, 5_000);
    await start('fails-2', 'fail');
    await deliveredFor('fails-2');
    // Assess
    expect(told.filter((t) => t.name === 'succeeds-1').map((t) => t.status)).toEqual([
      'RUNNING',
      'SUCCEEDED',
    ]);
    expect(await deliveredFor('succeeds-1', 1, 200)).toEqual([]);
  });
});

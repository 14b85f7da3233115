/**
 * The local runtime runs a CDK-synthesized fixture (test/support/fixtures/runtime) generically,
 * driven through the real SFNClient: Lambda steps, Choice, Map, Retry/Catch, Wait, callbacks,
 * stop, name dedupe, Lambda timeouts, history and paging.
 */
import { rmSync } from 'node:fs';
import {
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalRuntime } from '../../../infra/local/runtime/local-runtime.ts';
import { resolveStateMachines } from '../../../infra/local/template/read-template.ts';
import {
  mainInput,
  type RuntimeFixture,
  synthRuntimeFixture,
} from '../../support/fixtures/runtime/fixture-stack.ts';
import { fixtureState } from '../../support/fixtures/runtime/fixture-state.ts';
import {
  type FixtureRuntime,
  startFixtureRuntime,
  waitForEnd,
  waitForToken,
} from '../../support/fixtures/runtime/runtime-harness.ts';

let fixture: RuntimeFixture;
let h: FixtureRuntime;
beforeAll(async () => {
  fixture = synthRuntimeFixture();
  h = await startFixtureRuntime(fixture, { retryIntervalOverrides: { Compute: 0 } });
});
afterAll(async () => {
  await h?.close();
  if (h) rmSync(h.dataDir, { recursive: true, force: true });
});

let counter = 0;
async function run(input: ReturnType<typeof mainInput>, name = `run-${++counter}-${Date.now()}`) {
  const { executionArn } = await h.sfn.send(
    new StartExecutionCommand({ stateMachineArn: h.mainArn, name, input: JSON.stringify(input) }),
  );
  return { executionArn: executionArn as string, name };
}
const outputOf = (d: { output?: string }) => JSON.parse(d.output ?? 'null');

describe('local runtime on a synthesized template', () => {
  it('runs Lambda steps with the lambda:invoke envelope, intrinsics and $$.Execution.Name', async () => {
    const { executionArn, name } = await run(mainInput({ n: 20 }));
    const end = await waitForEnd(h.sfn, executionArn);
    expect(end.status).toBe('SUCCEEDED');
    expect(end.startDate).toBeInstanceOf(Date);
    expect(end.stopDate?.getTime()).toBeGreaterThanOrEqual(end.startDate?.getTime() ?? 0);
    expect(outputOf(end)).toMatchObject({ n: 20, next: 21, computed: { x: 40, execName: name } });
  });

  it.each([
    ['plain', 'SUCCEEDED', undefined],
    ['refuse', 'FAILED', 'Fixture.Refused'],
  ])('follows the Choice branch for mode %s', async (mode, status, error) => {
    const end = await waitForEnd(h.sfn, (await run(mainInput({ mode }))).executionArn);
    expect(end.status).toBe(status);
    expect(end.error).toBe(error);
  });

  it('maps items with at most MaxConcurrency in flight', async () => {
    fixtureState().maxInFlight = 0;
    const end = await waitForEnd(
      h.sfn,
      (await run(mainInput({ mode: 'map', items: [1, 2, 3, 4, 5] }))).executionArn,
    );
    expect(end.status).toBe('SUCCEEDED');
    expect(outputOf(end).doubled).toEqual([{ x: 2 }, { x: 4 }, { x: 6 }, { x: 8 }, { x: 10 }]);
    expect(fixtureState().maxInFlight).toBe(2);
  });

  it('retries a named error, then succeeds', async () => {
    const { executionArn, name } = await run(mainInput({ n: 3, mode: 'flaky' }));
    const end = await waitForEnd(h.sfn, executionArn);
    expect(end.status).toBe('SUCCEEDED');
    expect(outputOf(end).computed.x).toBe(6);
    expect(fixtureState().calls.get(`flaky:${name}`)).toBe(2);
    // Both attempts are in the history, inside the one visit of the state, as on AWS.
    const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const from = events.findIndex((e) => e.stateEnteredEventDetails?.name === 'Compute');
    expect(events.slice(from, from + 8).map((e) => e.type)).toEqual([
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
    ]);
    expect(events[from + 3]?.taskFailedEventDetails?.error).toBe('FlakyError');
  });

  it('catches a named error with the Lambda-shaped cause', async () => {
    const { executionArn } = await run(mainInput({ mode: 'bad' }));
    const end = await waitForEnd(h.sfn, executionArn);
    expect(end.status).toBe('SUCCEEDED');
    expect(outputOf(end)).toEqual({ recovered: true, error: 'BadInputError' });
    const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const failed = events.find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails?.error).toBe('BadInputError');
    expect(JSON.parse(failed?.taskFailedEventDetails?.cause ?? '{}')).toMatchObject({
      errorType: 'BadInputError',
      errorMessage: 'n=1 is refused',
    });
  });

  it('waits until the timestamp of a Wait state', async () => {
    const started = Date.now();
    const until = new Date(started + 400).toISOString();
    const end = await waitForEnd(h.sfn, (await run(mainInput({ mode: 'wait', until }))).executionArn);
    expect(end.status).toBe('SUCCEEDED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('fails a step whose Lambda runs past its timeout with Sandbox.Timedout', async () => {
    const end = await waitForEnd(h.sfn, (await run(mainInput({ mode: 'slow' }))).executionArn);
    expect(end.status).toBe('FAILED');
    expect(end.error).toBe('Sandbox.Timedout');
    expect(end.cause).toContain('Task timed out after 1.00 seconds');
  });

  describe('waitForTaskToken', () => {
    it('resumes with the SendTaskSuccess output; the token is single use', async () => {
      const { executionArn, name } = await run(mainInput({ mode: 'approval' }));
      const token = await waitForToken(name);
      await h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approvedBy":"alice"}' }));
      const end = await waitForEnd(h.sfn, executionArn);
      expect(end.status).toBe('SUCCEEDED');
      expect(outputOf(end).approval).toEqual({ approvedBy: 'alice' });
      const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const from = events.findIndex((e) => e.stateEnteredEventDetails?.name === 'Await Approval') + 1;
      expect(events.slice(from, from + 5).map((e) => e.type)).toEqual([
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
      ]);
      expect(events[from]?.taskScheduledEventDetails?.resource).toBe('invoke.waitForTaskToken');
      expect(JSON.parse(events[from + 3]?.taskSucceededEventDetails?.output ?? '{}')).toEqual({
        approvedBy: 'alice',
      });
      await expect(
        h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
      ).rejects.toBeInstanceOf(TaskDoesNotExist);
    });

    it('lets Catch match the SendTaskFailure error', async () => {
      const { executionArn, name } = await run(mainInput({ mode: 'approval' }));
      const token = await waitForToken(name);
      await h.sfn.send(
        new SendTaskFailureCommand({ taskToken: token, error: 'Approval.Rejected', cause: 'no seats' }),
      );
      const end = await waitForEnd(h.sfn, executionArn);
      expect(end.status).toBe('SUCCEEDED');
      expect(outputOf(end)).toMatchObject({ rejected: true });
    });

    it('fails with States.Timeout at the Task TimeoutSeconds, and the token expires', async () => {
      const { executionArn, name } = await run(mainInput({ mode: 'approval' }));
      const token = await waitForToken(name);
      const end = await waitForEnd(h.sfn, executionArn);
      expect(end.status).toBe('FAILED');
      expect(end.error).toBe('States.Timeout');
      const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(events.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails).toMatchObject({
        resource: 'invoke.waitForTaskToken',
        error: 'States.Timeout',
      });
      await expect(
        h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
      ).rejects.toBeInstanceOf(TaskDoesNotExist);
    });

    it('rejects a malformed token as InvalidToken', async () => {
      await expect(
        h.sfn.send(new SendTaskSuccessCommand({ taskToken: 'nope', output: '{}' })),
      ).rejects.toBeInstanceOf(InvalidToken);
    });
  });

  it('stops a waiting execution: ABORTED, listed as such, its token gone', async () => {
    const { executionArn, name } = await run(mainInput({ mode: 'approval' }));
    const token = await waitForToken(name);
    const stopped = await h.sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator.Stop', cause: 'test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const end = await waitForEnd(h.sfn, executionArn);
    expect(end).toMatchObject({ status: 'ABORTED', error: 'Operator.Stop', cause: 'test' });
    const { executions = [] } = await h.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: h.mainArn, statusFilter: 'ABORTED' }),
    );
    expect(executions.map((e) => e.executionArn)).toContain(executionArn);
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await vi.waitFor(async () => {
      const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(events.slice(-2).map((e) => e.type)).toEqual(['TaskSubmitted', 'ExecutionAborted']);
      expect(events.at(-1)?.executionAbortedEventDetails).toEqual({ error: 'Operator.Stop', cause: 'test' });
    });
  });

  it('dedupes by name: same input returns the running execution, other input is refused', async () => {
    const input = mainInput({ mode: 'approval' });
    const first = await run(input, `dedupe-${Date.now()}`);
    const again = await run(input, first.name);
    expect(again.executionArn).toBe(first.executionArn);
    await expect(run(mainInput({ mode: 'plain' }), first.name)).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
    await h.sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
  });

  it('refuses an unknown state machine', async () => {
    await expect(
      h.sfn.send(new StartExecutionCommand({ stateMachineArn: `${h.mainArn}-missing`, input: '{}' })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it('records an SFN-style history and pages ListExecutions', async () => {
    const { executionArn } = await run(mainInput({ n: 2 }));
    await waitForEnd(h.sfn, executionArn);
    const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events[0]?.type).toBe('ExecutionStarted');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.map((e) => e.id)).toEqual(events.map((_e, i) => i + 1));
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events.map((e) => e.stateEnteredEventDetails?.name).filter(Boolean)).toEqual([
      'Prepare',
      'Compute',
      'Route',
      'Done',
    ]);
    // The Task's own timeline, as on AWS: scheduled with its parameters, started, succeeded with
    // the lambda:invoke response, then the state exits.
    const entered = events.findIndex((e) => e.stateEnteredEventDetails?.name === 'Compute');
    expect(events.slice(entered, entered + 5).map((e) => e.type)).toEqual([
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
    ]);
    const scheduled = events[entered + 1]?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', timeoutInSeconds: 10 });
    expect(JSON.parse(scheduled?.parameters ?? '{}')).toMatchObject({
      FunctionName: expect.stringMatching(/^arn:aws:lambda:us-east-1:000000000000:function:ComputeFn/),
      Payload: { n: 2, mode: 'plain' },
    });
    expect(JSON.parse(events[entered + 3]?.taskSucceededEventDetails?.output ?? '{}')).toMatchObject({
      ExecutedVersion: '$LATEST',
      StatusCode: 200,
      Payload: { x: 4 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    const timestamps = events.map((e) => e.timestamp?.getTime() ?? 0);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    const { events: bare = [] } = await h.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false, reverseOrder: true }),
    );
    expect(bare[0]?.type).toBe('ExecutionSucceeded');
    expect(bare[0]?.executionSucceededEventDetails?.output).toBeUndefined();
    const bareScheduled = bare.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
    expect(bareScheduled?.resource).toBe('invoke');
    expect(bareScheduled).not.toHaveProperty('parameters');
    const page = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: h.mainArn, maxResults: 2 }));
    expect(page.executions).toHaveLength(2);
    const next = await h.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: h.mainArn, maxResults: 2, nextToken: page.nextToken }),
    );
    expect(next.executions?.[0]?.executionArn).not.toBe(page.executions?.[0]?.executionArn);
  });

  it('runs byte for byte the DefinitionString CDK synthesized, ARNs substituted', () => {
    for (const machine of resolveStateMachines(fixture.template)) {
      const definition = fixture.template.Resources?.[machine.logicalId]?.Properties?.DefinitionString as
        | { 'Fn::Join': [string, unknown[]] }
        | undefined;
      if (!definition) throw new Error(`${machine.logicalId} has no DefinitionString`);
      const join = definition['Fn::Join'];
      const expected = join[1]
        .map((part) => {
          if (typeof part === 'string') return part;
          const p = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
          if (p.Ref === 'AWS::Partition') return 'aws';
          if (p['Fn::GetAtt']?.[1] === 'Arn')
            return `arn:aws:lambda:us-east-1:000000000000:function:${p['Fn::GetAtt'][0]}`;
          throw new Error(`unexpected part ${JSON.stringify(part)}`);
        })
        .join(join[0]);
      expect(machine.aslText).toBe(expected);
      expect(machine.asl).toEqual(JSON.parse(expected));
    }
  });

  it('refuses at start a Task whose function is not mapped, naming the state and the function', async () => {
    const computeId = Object.keys(fixture.functions).find((id) => id.startsWith('ComputeFn')) as string;
    const { [computeId]: _dropped, ...withoutCompute } = fixture.functions;
    await expect(
      startLocalRuntime({ template: fixture.template, functions: withoutCompute, dataDir: h.dataDir }),
    ).rejects.toThrow(new RegExp(`state "Compute": function ${computeId}`));
  });
});

/**
 * The local Step Functions endpoint speaks the operations Lanyard's tools use, through the real
 * SFNClient: name dedupe, history, stop, task callbacks and their errors; and bad input is refused
 * by the first step with nothing changed.
 */
import {
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  envelope,
  hrEvent,
  type StackHarness,
  startOnboarding,
  startStackHarness,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
}, 120_000);
afterAll(() => h?.close());

describe('local Step Functions endpoint', () => {
  it('dedupes by execution name: same input returns the same run, other input is refused', async () => {
    const detail = hrEvent('employee.hired', { email: 'dedupe@example.com' }, { dryRun: true });
    const input = JSON.stringify(envelope(detail));
    const name = `dedupe-${detail.id}`;
    const first = await h.sfn.send(
      new StartExecutionCommand({ stateMachineArn: h.stack.onboardingArn, name, input }),
    );
    const again = await h.sfn.send(
      new StartExecutionCommand({ stateMachineArn: h.stack.onboardingArn, name, input }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    await expect(
      h.sfn.send(
        new StartExecutionCommand({ stateMachineArn: h.stack.onboardingArn, name, input: '{"other":true}' }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await waitForExecution(h, first.executionArn as string);
  });

  it('records a history with the states the run went through', async () => {
    const arn = await startOnboarding(
      h,
      hrEvent('employee.hired', { email: 'history@example.com' }, { dryRun: true }),
    );
    await waitForExecution(h, arn);
    const { events = [] } = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(events.map((e) => e.stateEnteredEventDetails?.name)).toEqual(
      expect.arrayContaining(['Begin Onboarding', 'Decide Onboarding Path', 'Finish Onboarding']),
    );
  });

  it('stops a waiting run, lists it as ABORTED, and refuses its task token afterwards', async () => {
    await h.control('POST', '/members', { email: 'stopped@example.com', fullName: 'Stop Ped' });
    await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
    const detail = hrEvent('employee.hired', { email: 'stopped@example.com' });
    const arn = await startOnboarding(h, detail);
    const approval = await waitFor('the approval', async () =>
      (await h.records.approvals.listApprovals({ status: 'pending', limit: 100 })).items.find(
        (a) => a.runId === onboardingRunId(detail.id),
      ),
    );
    const token = (await h.records.approvals.approvalTaskToken(approval.id)) as string;
    await h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await h.sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'Test', cause: 'stopped by a test' }),
    );
    const { executions = [] } = await h.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: h.stack.onboardingArn, statusFilter: 'ABORTED' }),
    );
    expect(executions.map((e) => e.executionArn)).toContain(arn);
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: 'nonsense', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
  });

  it('refuses a malformed HR event in its first step, changing nothing', async () => {
    h.stack.trello.resetCalls();
    const bad = {
      ...hrEvent('employee.hired', { email: 'bad@example.com' }),
      employee: { id: 'E1', email: 'not-an-email', fullName: '' },
    };
    const arn = await startOnboarding(h, bad as never);
    const done = await waitForExecution(h, arn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('StepInputInvalidError');
    expect(done.cause).toMatch(/employee\.email must be an email address/);
    expect(h.stack.trello.calls().total).toBe(0);
    expect(await h.records.runs.getRun(onboardingRunId(bad.id))).toBeNull();
  });
});

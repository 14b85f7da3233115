/**
 * The zod schema of Step Functions' "Execution Status Change" event against the shapes AWS
 * documents (Step Functions developer guide, "Automating Step Functions event delivery with
 * EventBridge", example events): an execution started (no stop date, no output), one that failed
 * (error and cause), one whose input was too large to include, and what is not such an event.
 */
import { describe, expect, it } from 'vitest';
import { ExecutionStatusChange } from '../../../functions/contracts/execution-status-change.ts';

const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:state-machine-name:execution-name';

function anEvent(detail: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '123456789012',
    time: '2019-02-26T19:42:21Z',
    region: 'us-east-1',
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:state-machine',
      name: 'execution-name',
      startDate: 1551225271984,
      ...detail,
    },
  };
}

describe('ExecutionStatusChange', () => {
  it('accepts a started execution: no stop date, no output, input included', () => {
    const event = anEvent({
      status: 'RUNNING',
      stopDate: null,
      input: '{}',
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
    });

    expect(ExecutionStatusChange.parse(event).detail).toMatchObject({ status: 'RUNNING', stopDate: null });
  });

  it('accepts a failed execution with its error and cause, keeping fields it does not name', () => {
    const event = anEvent({
      status: 'FAILED',
      stopDate: 1551225276000,
      input: '{}',
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
      error: 'States.TaskFailed',
      cause: 'Task failed',
      redriveCount: 0,
    });

    expect(ExecutionStatusChange.parse(event).detail).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause: 'Task failed',
      redriveCount: 0,
    });
  });

  it('accepts an execution whose input AWS left out as too large', () => {
    const event = anEvent({
      status: 'TIMED_OUT',
      stopDate: 1551225276000,
      inputDetails: { included: false },
    });

    expect(ExecutionStatusChange.parse(event).detail.input).toBeUndefined();
  });

  it.each([
    ['another source', { source: 'lanyard.hr' }],
    ['another detail-type', { 'detail-type': 'Employee Hired' }],
  ])('rejects an event from %s', (_what, change) => {
    expect(ExecutionStatusChange.safeParse({ ...anEvent({ status: 'FAILED' }), ...change }).success).toBe(
      false,
    );
  });

  it('rejects a status Step Functions does not have and a name longer than 80 characters', () => {
    expect(ExecutionStatusChange.safeParse(anEvent({ status: 'PAUSED' })).success).toBe(false);
    expect(ExecutionStatusChange.safeParse(anEvent({ status: 'FAILED', name: 'x'.repeat(81) })).success).toBe(
      false,
    );
  });
});

/**
 * The one Lambda Task helper keeps the timeout rule (Task timeout ≥ Lambda timeout + margin) and
 * retries Lambda throttling on every Task it renders.
 */
import { App, Duration, aws_lambda as lambda, Stack, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { lambdaStep, TASK_TIMEOUT_MARGIN } from '../../../workflows/shared/lambda-step.ts';

function fixture(timeout: Duration) {
  const stack = new Stack(new App(), 'Render');
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    timeout,
  });
  return { stack, fn };
}

describe('lambdaStep', () => {
  it('gives the Task its Lambda timeout plus the margin by default', () => {
    const { stack, fn } = fixture(Duration.seconds(120));
    const task = lambdaStep(stack, 'Step', { fn, payload: {} });
    const json = stack.resolve(task.toStateJson()) as { TimeoutSeconds: number };
    expect(json.TimeoutSeconds).toBe(120 + TASK_TIMEOUT_MARGIN.toSeconds());
  });

  it('refuses a Task timeout that does not outlast its Lambda', () => {
    const { stack, fn } = fixture(Duration.seconds(60));
    expect(() => lambdaStep(stack, 'Step', { fn, payload: {}, timeout: Duration.seconds(60) })).toThrow(
      /Task "Step" has a 60 s timeout but its Lambda may run 60 s/,
    );
  });

  it('lets a callback Task wait as long as its approval, and retries Lambda throttling', () => {
    const { stack, fn } = fixture(Duration.seconds(30));
    const task = lambdaStep(stack, 'Ask', {
      fn,
      payload: { taskToken: sfn.JsonPath.taskToken },
      waitForTaskToken: true,
      timeout: Duration.days(7),
    });
    const json = stack.resolve(task.toStateJson()) as {
      TimeoutSeconds: number;
      Retry: Array<{ ErrorEquals: string[] }>;
    };
    expect(json.TimeoutSeconds).toBe(7 * 86_400);
    expect(json.Retry.flatMap((r) => r.ErrorEquals)).toContain('Lambda.TooManyRequestsException');
    // DynamoDB throttling past the SDK's attempts is retried by every Task, as a passing condition.
    expect(json.Retry.flatMap((r) => r.ErrorEquals)).toEqual(
      expect.arrayContaining(['ProvisionedThroughputExceededException', 'ThrottlingException']),
    );
  });
});

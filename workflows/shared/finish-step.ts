/**
 * Every workflow ends at its Finish step (which records the run and answers `failed`), then in a
 * Fail state when it failed — so the ExecutionsFailed alarm sees exactly the runs that failed —
 * or in a Succeed state.
 */
import { type Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { lambdaStep } from './lambda-step.ts';
import { type RetryPolicy, recordingPersists } from './retry-policies.ts';

export interface FinishStepProps {
  fn: IFunction;
  payload: Record<string, unknown>;
  retries: readonly RetryPolicy[];
  /** State names: the finish step, the choice, the Fail and the Succeed state. */
  names: { finish: string; runFailed: string; failed: string; finished: string };
  /** The error the Fail state reports, e.g. `OnboardingFailed`. */
  failError: string;
  timeout?: Duration;
}

/** The finish step (result at `$.finish`) and the end it leads to; catches route here. */
export function finishStep(scope: Construct, props: FinishStepProps): sfn.TaskStateBase {
  const finish = lambdaStep(scope, props.names.finish, {
    fn: props.fn,
    payload: props.payload,
    resultFields: ['status', 'outcome', 'failed'],
    resultPath: '$.finish',
    timeout: props.timeout,
    // Nothing catches a Finish step: a transient failure is tried again for long (recordingPersists).
    retries: [recordingPersists, ...props.retries],
  });
  finish.next(
    new sfn.Choice(scope, props.names.runFailed)
      .when(
        sfn.Condition.booleanEquals('$.finish.failed', true),
        new sfn.Fail(scope, props.names.failed, { error: props.failError, causePath: '$.finish.outcome' }),
      )
      .otherwise(new sfn.Succeed(scope, props.names.finished)),
  );
  return finish;
}

/**
 * The ONE way a Lambda Task is rendered (STYLE.md §4): the optimized `lambda:invoke` integration
 * (keeping CDK's retry on Lambda service exceptions), an explicit payload, a result selector that
 * picks named fields out of `$.Payload`, an explicit timeout, and named retry policies. Callback
 * steps use the same helper with `.waitForTaskToken`; their result is what SendTaskSuccess sent.
 * Two envelope shapes in all, which is what the local runtime emulates.
 */
import {
  Duration,
  aws_lambda as lambda,
  aws_stepfunctions as sfn,
  aws_stepfunctions_tasks as tasks,
} from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { lambdaThrottled, lambdaTimedOut, type RetryPolicy, recordsThrottled } from './retry-policies.ts';

/**
 * A Task waits this much longer than its Lambda may run: the invoke's own overhead and a cold
 * start's init. A Task timeout at or under the Lambda timeout would fail a run whose Lambda is
 * still working (and will finish its change), which is how offboardings failed open under load.
 */
export const TASK_TIMEOUT_MARGIN = Duration.seconds(15);

/** Used when the function's own timeout is unknown (an imported function). */
const UNKNOWN_LAMBDA_TIMEOUT = Duration.seconds(60);

export interface LambdaStepProps {
  fn: IFunction;
  /** Explicit fields, e.g. `{ 'run.$': '$.begin.run' }`: small state, keys not documents. */
  payload: Record<string, unknown>;
  /** Fields of the handler's result to keep; omit to discard the result. */
  resultFields?: readonly string[];
  /** Where the selected fields go, e.g. `$.decision`; `$` = they become the state's output. @default discard */
  resultPath?: string;
  /**
   * @default the function's timeout plus {@link TASK_TIMEOUT_MARGIN}. A request-response Task may
   * not be given less (synth fails); a callback Task's timeout is how long it waits for its answer.
   */
  timeout?: Duration;
  retries?: readonly RetryPolicy[];
  /** `.waitForTaskToken`: the payload must carry `JsonPath.taskToken`; the timeout bounds the wait. */
  waitForTaskToken?: boolean;
}

export function lambdaStep(scope: Construct, stateName: string, props: LambdaStepProps): tasks.LambdaInvoke {
  const callback = props.waitForTaskToken === true;
  const fields = props.resultFields ?? [];
  const task = new tasks.LambdaInvoke(scope, stateName, {
    lambdaFunction: props.fn,
    payload: sfn.TaskInput.fromObject(props.payload),
    integrationPattern: callback
      ? sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN
      : sfn.IntegrationPattern.REQUEST_RESPONSE,
    resultSelector:
      fields.length === 0
        ? undefined
        : Object.fromEntries(fields.map((f) => [`${f}.$`, callback ? `$.${f}` : `$.Payload.${f}`])),
    // "$" is written as no ResultPath at all (the same meaning, and what the local runtime runs right).
    resultPath:
      fields.length === 0
        ? sfn.JsonPath.DISCARD
        : props.resultPath === '$'
          ? undefined
          : (props.resultPath ?? sfn.JsonPath.DISCARD),
    taskTimeout: sfn.Timeout.duration(taskTimeout(stateName, props)),
    retryOnServiceExceptions: true,
  });
  for (const { name: _name, ...retry } of [
    ...(props.retries ?? []),
    lambdaThrottled,
    lambdaTimedOut,
    recordsThrottled,
  ])
    task.addRetry(retry);
  return task;
}

function taskTimeout(stateName: string, props: LambdaStepProps): Duration {
  const lambdaTimeout =
    (props.fn instanceof lambda.Function ? props.fn.timeout : undefined) ?? UNKNOWN_LAMBDA_TIMEOUT;
  const least = lambdaTimeout.plus(TASK_TIMEOUT_MARGIN);
  if (props.timeout === undefined) return least;
  if (props.timeout.toSeconds() < least.toSeconds()) {
    throw new Error(
      `Task "${stateName}" has a ${props.timeout.toSeconds()} s timeout but its Lambda may run ${lambdaTimeout.toSeconds()} s: give it at least ${least.toSeconds()} s (or leave the timeout out)`,
    );
  }
  return props.timeout;
}

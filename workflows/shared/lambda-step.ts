/**
 * The ONE way a Lambda Task is rendered (STYLE.md §4): the optimized `lambda:invoke` integration
 * (keeping CDK's retry on Lambda service exceptions), an explicit payload, a result selector that
 * picks named fields out of `$.Payload`, an explicit timeout, and named retry policies. Callback
 * steps use the same helper with `.waitForTaskToken`; their result is what SendTaskSuccess sent.
 * Two envelope shapes in all, which is what the local runtime emulates.
 */
import { Duration, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { RetryPolicy } from './retry-policies.ts';

export interface LambdaStepProps {
  fn: IFunction;
  /** Explicit fields, e.g. `{ 'run.$': '$.begin.run' }`: small state, keys not documents. */
  payload: Record<string, unknown>;
  /** Fields of the handler's result to keep; omit to discard the result. */
  resultFields?: readonly string[];
  /** Where the selected fields go, e.g. `$.decision`; `$` = they become the state's output. @default discard */
  resultPath?: string;
  /** @default 60 seconds */
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
    taskTimeout: sfn.Timeout.duration(props.timeout ?? Duration.seconds(60)),
    retryOnServiceExceptions: true,
  });
  for (const { name: _name, ...retry } of props.retries ?? []) task.addRetry(retry);
  return task;
}

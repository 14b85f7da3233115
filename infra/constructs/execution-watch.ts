import { aws_events as events, aws_events_targets as targets } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  EXECUTION_STATUS_CHANGE,
  STATES_EVENT_SOURCE,
  UNFINISHED_END_STATUSES,
} from '../../functions/contracts/execution-status-change.ts';
import { RULE_TARGET_RETRY } from './lifecycle-bus.ts';

export interface ExecutionWatchProps {
  /** The state machines whose executions are watched: the stack's own, no other. */
  stateMachines: IStateMachine[];
  /** The function that closes a run its execution left `running` (the `close-stranded-run` step). */
  fn: IFunction;
  /** Takes an event the rule could not deliver to the function within its retry policy. */
  deadLetterQueue: IQueue;
}

/**
 * Watches Lanyard's executions end (issue 15): a rule on the default bus, where Step Functions
 * sends "Step Functions Execution Status Change" events, for the executions of the stack's state
 * machines that ended FAILED, TIMED_OUT or ABORTED, delivered to the function that ends their run
 * `failed` if it still says `running` and notifies admins. Step Functions sends these events best
 * effort; the workflows' ExecutionsFailed/TimedOut alarms stay the backstop.
 */
export class ExecutionWatch extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ExecutionWatchProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'A Lanyard workflow execution ended failed, timed out or aborted → close its run',
      eventPattern: {
        source: [STATES_EVENT_SOURCE],
        detailType: [EXECUTION_STATUS_CHANGE],
        detail: {
          status: [...UNFINISHED_END_STATUSES],
          stateMachineArn: props.stateMachines.map((machine) => machine.stateMachineArn),
        },
      },
    });
    // The same delivery as the lifecycle rules: EventBridge's maximum age and retries, then the
    // queue (CDK adds the queue policy for this rule's events only).
    this.rule.addTarget(
      new targets.LambdaFunction(props.fn, { deadLetterQueue: props.deadLetterQueue, ...RULE_TARGET_RETRY }),
    );
  }
}

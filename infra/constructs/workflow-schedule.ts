import {
  Duration,
  aws_iam as iam,
  aws_scheduler as scheduler,
  type aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkflowScheduleProps {
  stateMachine: sfn.IStateMachine;
  expression: string;
  /** What the schedule starts, in words (the schedule's description). */
  description: string;
  /** The execution input of each firing. */
  input: Record<string, unknown>;
  /** The schedule group whose metrics the alarms watch (a literal name). */
  groupName: string;
  /** Where Scheduler puts a firing it could not deliver (after its retries). */
  deadLetterQueue: IQueue;
}

/**
 * Starts a workflow on a schedule (EventBridge Scheduler → StartExecution). The role may start
 * that one state machine and send to the schedule's dead-letter queue, nothing else. The local
 * runtime fires this same synthesized schedule (infra/local/runtime/schedule-runner.ts).
 */
export class WorkflowSchedule extends Construct {
  public readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: WorkflowScheduleProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    props.stateMachine.grantStartExecution(role);
    props.deadLetterQueue.grantSendMessages(role);
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: props.description,
      groupName: props.groupName,
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.stateMachine.stateMachineArn,
        roleArn: role.roleArn,
        input: JSON.stringify(props.input),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: Duration.hours(6).toSeconds() },
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
      },
    });
  }
}

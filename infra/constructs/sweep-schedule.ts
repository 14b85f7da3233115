import {
  Duration,
  aws_iam as iam,
  aws_scheduler as scheduler,
  type aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SweepMode } from '../../functions/ports/record-store.ts';

export interface SweepScheduleProps {
  stateMachine: sfn.IStateMachine;
  expression: string;
  mode: SweepMode;
  /** The schedule group whose metrics the alarms watch (a literal name). */
  groupName: string;
  /** Where Scheduler puts a firing it could not deliver (after its retries). */
  deadLetterQueue: IQueue;
}

/**
 * Runs the idle-seat sweep on a schedule (EventBridge Scheduler → StartExecution). The role may
 * start that one state machine and send to the schedule's dead-letter queue, nothing else. The
 * local runtime fires this same synthesized schedule (infra/local/runtime/schedule-runner.ts);
 * `npm start` sets no schedule, so there sweeps start from the API or CLI unless the local
 * stack's config gives one.
 */
export class SweepSchedule extends Construct {
  public readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    props.stateMachine.grantStartExecution(role);
    props.deadLetterQueue.grantSendMessages(role);
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: `Lanyard idle-seat sweep (${props.mode})`,
      groupName: props.groupName,
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.stateMachine.stateMachineArn,
        roleArn: role.roleArn,
        input: JSON.stringify({ mode: props.mode, dryRun: false, requestedBy: 'schedule' }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: Duration.hours(6).toSeconds() },
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
      },
    });
  }
}

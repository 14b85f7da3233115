import { Duration, aws_iam as iam, aws_scheduler as scheduler } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SeatWatchScheduleProps {
  fn: IFunction;
  expression: string;
  /** The schedule group whose metrics the alarms watch (a literal name). */
  groupName: string;
  /** Where Scheduler puts a firing it could not deliver (after its retries). */
  deadLetterQueue: IQueue;
}

/**
 * Runs Watch Seats on a schedule (EventBridge Scheduler → Lambda): seats bought in Trello, or
 * freed outside Lanyard, release queued hires without anyone telling Lanyard. The role may invoke
 * that one function and send to the schedule's dead-letter queue, nothing else (Scheduler uses the
 * schedule's execution role for both). The local runtime fires it too (infra/local/runtime).
 */
export class SeatWatchSchedule extends Construct {
  public readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: SeatWatchScheduleProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    // The function itself, unqualified (what the target names): not its versions and aliases too.
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.fn.functionArn] }),
    );
    props.deadLetterQueue.grantSendMessages(role);
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Lanyard seat watch: release queued hires when seats are free',
      groupName: props.groupName,
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.fn.functionArn,
        roleArn: role.roleArn,
        input: '{}',
        // A seat reading an hour late is stale: the next firing reads the seats again anyway.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: Duration.hours(1).toSeconds() },
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
      },
    });
  }
}

import { aws_iam as iam, aws_scheduler as scheduler } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * Runs Watch Seats on a schedule (EventBridge Scheduler → Lambda): seats bought in Trello, or
 * freed outside Lanyard, release queued hires without anyone telling Lanyard. The role may invoke
 * that one function and nothing else. The local runtime fires it too (infra/local/runtime).
 */
export class SeatWatchSchedule extends Construct {
  public readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: { fn: IFunction; expression: string }) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    props.fn.grantInvoke(role);
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Lanyard seat watch: release queued hires when seats are free',
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.fn.functionArn,
        roleArn: role.roleArn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 2 },
      },
    });
  }
}

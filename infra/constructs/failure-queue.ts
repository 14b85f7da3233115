import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface FailureQueueProps {
  /** What ends up here, for the alarm's description: e.g. "HR events a rule could not deliver". */
  what: string;
  /** What an admin does about a message, for the alarm's description. */
  remedy: string;
  alarmTopic: ITopic;
}

/**
 * Where a delivery that could not be made ends up (an EventBridge rule's or a Scheduler
 * schedule's dead-letter queue, a Lambda function's on-failure destination), so nothing is lost
 * silently: SQS-managed encryption (EventBridge, Scheduler and Lambda may send to it without a
 * key policy), TLS only, messages kept 14 days (SQS's longest), and an alarm as soon as one
 * message is waiting. Granting the senders is up to the caller, each the way its service requires.
 */
export class FailureQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Not a dead-letter queue of another SQS queue (its senders are EventBridge, Scheduler, Lambda).
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.DENY_ALL },
    });
    this.alarm = new cloudwatch.Alarm(this, 'DepthAlarm', {
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Lanyard: ${props.what} are waiting in a dead-letter queue. ${props.remedy}`,
    });
    this.alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}

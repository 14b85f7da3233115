import { aws_cloudwatch_actions as actions, aws_cloudwatch as cloudwatch, Duration } from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface WorkflowAlarmsProps {
  stateMachine: IStateMachine;
  /** Where alarms notify. */
  alarmTopic: ITopic;
  /**
   * Alarm on aborted (stopped) executions too. Off for a machine whose executions Lanyard itself
   * stops on purpose: each of those stops is deliberate and recorded, so an alarm on it is false.
   * @default true
   */
  alarmOnAborted?: boolean;
}

/**
 * Failed and timed-out runs (and aborted ones, unless the machine is stopped on purpose): any one
 * of them means a person's access is in an unknown state.
 */
export class WorkflowAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: WorkflowAlarmsProps) {
    super(scope, id);
    const metrics: Array<[string, cloudwatch.Metric]> = [
      ['Failed', props.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' })],
      ['TimedOut', props.stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' })],
      ...(props.alarmOnAborted === false
        ? []
        : ([
            ['Aborted', props.stateMachine.metricAborted({ period: Duration.minutes(5), statistic: 'Sum' })],
          ] as Array<[string, cloudwatch.Metric]>)),
    ];
    this.alarms = metrics.map(([name, metric]) => {
      const alarm = new cloudwatch.Alarm(this, `${name}Alarm`, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `A Lanyard workflow run ${name.toLowerCase()}: check the run in the console; the person's access may be half-changed.`,
      });
      alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
      return alarm;
    });
  }
}

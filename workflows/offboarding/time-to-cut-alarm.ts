import { aws_cloudwatch_actions as actions, aws_cloudwatch as cloudwatch, Duration } from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, MetricNames } from '../../functions/adapters/metrics/emf-metrics.ts';
import { AccessCuts } from '../../functions/core/model/access-cuts.ts';

/**
 * Alarms when an access cut (IdP sign-in or Trello deactivation) goes past its time-to-cut SLO:
 * the cut steps and Note Cut Delay write `CutSloMissed` (EMF, dimensions service and Cut) once per
 * late cut, while it is still trying or when it ends late.
 */
export class TimeToCutAlarm extends Construct {
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: { alarmTopic: ITopic }) {
    super(scope, id);
    const missed = Object.fromEntries(
      AccessCuts.map((cut) => [
        cut,
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: MetricNames.cutSloMissed,
          dimensionsMap: { service: 'lanyard', Cut: cut },
          statistic: 'Sum',
          period: Duration.minutes(1),
        }),
      ]),
    );
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      metric: new cloudwatch.MathExpression({
        expression: AccessCuts.map((cut) => `FILL(${cut}, 0)`).join(' + '),
        usingMetrics: missed,
        label: 'Access cuts past their SLO',
        period: Duration.minutes(1),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        "A leaver's access was not cut within the time-to-cut SLO: open the offboarding runs in the console (each says which cut is late and why).",
    });
    this.alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
  }
}

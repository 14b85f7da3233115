import {
  aws_cloudwatch_actions as actions,
  type aws_apigatewayv2 as apigw,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_dynamodb as dynamodb,
  type aws_events as events,
  type aws_lambda as lambda,
  type aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** One group of functions, watched together. */
export interface FunctionGroup {
  /** e.g. "Workflow steps" (goes into the alarm's id and description). */
  name: string;
  functions: Array<{ id: string; fn: lambda.IFunction }>;
  /**
   * How many errors in a 5-minute period, in 2 of 3 periods, raise the alarm. Workflow steps throw
   * named errors that their Task retries by design (Trello's limit booked: TrelloBusyError; a
   * superseded run), and the state machine alarms report the runs that fail, so for them the
   * alarm is about errors that keep coming (a revoked secret, a missing grant, a bad deploy). For
   * functions nothing retries for them (the HTTP API, the asynchronous ones), 1.
   */
  errorThreshold: number;
}

export interface OperationalAlarmsProps {
  alarmTopic: sns.ITopic;
  functionGroups: FunctionGroup[];
  api: apigw.IHttpApi;
  table: dynamodb.ITable;
  statusIndexName: string;
  bus: events.IEventBus;
  rules: events.IRule[];
  /** Rules on the default bus (AWS service events): their metrics carry the rule name only. */
  defaultBusRules: events.IRule[];
  /** The schedule group Lanyard's schedules are in (its metrics carry only them). */
  scheduleGroupName: string | null;
}

/** A CloudWatch alarm on a metric math expression refers to at most 10 metrics (a hard limit). */
export const MAX_METRICS_PER_ALARM = 10;

const PERIOD = Duration.minutes(5);

/**
 * The alarms beyond the workflows' own (failed/timed-out runs, time to cut, dead-letter queues):
 * Lambda errors and throttles, the HTTP API's 5xx, rules whose target invocations failed, schedules
 * whose target failed or whose firing was dropped, and DynamoDB throttling. Each notifies the
 * alarm topic; sums over many functions are split into alarms of at most 10 metrics each.
 */
export class OperationalAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const alarm = (
      alarmId: string,
      metric: cloudwatch.IMetric,
      options: {
        threshold?: number;
        evaluationPeriods?: number;
        datapointsToAlarm?: number;
        description: string;
      },
    ) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: options.threshold ?? 1,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        datapointsToAlarm: options.datapointsToAlarm,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Lanyard: ${options.description}`,
      });
      created.addAlarmAction(new actions.SnsAction(props.alarmTopic));
      this.alarms.push(created);
      return created;
    };
    const sum = (label: string, metrics: Record<string, cloudwatch.IMetric>) =>
      new cloudwatch.MathExpression({
        expression: Object.keys(metrics)
          .map((key) => `FILL(${key}, 0)`)
          .join(' + '),
        usingMetrics: metrics,
        label,
        period: PERIOD,
      });

    for (const group of props.functionGroups) {
      chunks(group.functions, MAX_METRICS_PER_ALARM).forEach((part, i, all) => {
        const suffix = all.length > 1 ? `${i + 1}` : '';
        const names = part.map((f) => f.id).join(', ');
        const of = (metric: (fn: lambda.IFunction) => cloudwatch.Metric) =>
          Object.fromEntries(part.map((f, j) => [`f${j}`, metric(f.fn)]));
        alarm(
          `${alarmId(group.name)}Errors${suffix}`,
          sum(
            `${group.name}: errors`,
            of((fn) => fn.metricErrors({ period: PERIOD, statistic: 'Sum' })),
          ),
          {
            threshold: group.errorThreshold,
            evaluationPeriods: group.errorThreshold > 1 ? 3 : 1,
            datapointsToAlarm: group.errorThreshold > 1 ? 2 : 1,
            description: `${group.name} (${names}) keep failing: read their logs (errorName, errorMessage).`,
          },
        );
        alarm(
          `${alarmId(group.name)}Throttles${suffix}`,
          sum(
            `${group.name}: throttles`,
            of((fn) => fn.metricThrottles({ period: PERIOD, statistic: 'Sum' })),
          ),
          {
            description: `${group.name} (${names}) were throttled: the account's Lambda concurrency is used up (Tasks retry; HR deliveries get a 5xx and are sent again).`,
          },
        );
      });
    }

    alarm('Api5xx', props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }), {
      description:
        'the HTTP API answered 5xx (Lanyard answers bad input with 4xx, never 5xx): read the admin and ingest function logs and the access log.',
    });

    /** FailedInvocations of each rule, summed; `bus` names the dimensions its rules report with. */
    const ruleFailures = (label: string, key: string, rules: events.IRule[], bus: events.IEventBus | null) =>
      sum(
        label,
        Object.fromEntries(
          rules.map((rule, i) => [
            `${key}${i}`,
            new cloudwatch.Metric({
              namespace: 'AWS/Events',
              metricName: 'FailedInvocations',
              // Rules on a custom bus report with both dimensions, those on the default bus with
              // the rule name only.
              dimensionsMap: bus
                ? { EventBusName: bus.eventBusName, RuleName: rule.ruleName }
                : { RuleName: rule.ruleName },
              statistic: 'Sum',
              period: PERIOD,
            }),
          ]),
        ),
      );
    alarm(
      'RuleFailedInvocations',
      ruleFailures('Lifecycle rules: failed invocations', 'r', props.rules, props.bus),
      {
        description:
          'a lifecycle rule could not start its workflow or function for an HR event: the event is in the HR-event dead-letter queue.',
      },
    );
    if (props.defaultBusRules.length > 0) {
      alarm(
        'WatchRuleFailedInvocations',
        ruleFailures('Execution watch rules: failed invocations', 'w', props.defaultBusRules, null),
        {
          description:
            'the execution watch could not deliver an execution-end event to the function that closes stranded runs: the event is in the asynchronous-failures dead-letter queue.',
        },
      );
    }

    if (props.scheduleGroupName !== null) {
      const scheduler = (metricName: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/Scheduler',
          metricName,
          dimensionsMap: { ScheduleGroup: props.scheduleGroupName as string },
          statistic: 'Sum',
          period: PERIOD,
        });
      alarm('ScheduleTargetErrors', scheduler('TargetErrorCount'), {
        description: 'a schedule (seat watch, sweep) could not invoke its target; Scheduler retries it.',
      });
      alarm('ScheduleInvocationsDropped', scheduler('InvocationDroppedCount'), {
        description:
          "a schedule's firing was dropped after its retries: it is in the schedules' dead-letter queue.",
      });
    }

    const tableMetric = (metricName: string, index?: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {
          TableName: props.table.tableName,
          ...(index ? { GlobalSecondaryIndexName: index } : {}),
        },
        statistic: 'Sum',
        period: PERIOD,
      });
    alarm(
      'TableThrottles',
      sum('Records table: throttled requests', {
        reads: tableMetric('ReadThrottleEvents'),
        writes: tableMetric('WriteThrottleEvents'),
        indexReads: tableMetric('ReadThrottleEvents', props.statusIndexName),
        indexWrites: tableMetric('WriteThrottleEvents', props.statusIndexName),
      }),
      {
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        description:
          'the records table keeps throttling requests (the SDK retries single ones): a hot key, most likely the Trello pacer under a burst.',
      },
    );
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function alarmId(name: string): string {
  return name.replace(/(^|\s+)(\w)/g, (_m, _s, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}

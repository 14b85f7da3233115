/**
 * Production hardening in the synthesized template (issue 12, "Operations"): nothing fails
 * silently (every rule target, asynchronous invocation and schedule has an encrypted dead-letter
 * queue that alarms), the alarms cover every function, the API, the rules, the schedules, the table
 * and the time to cut (and stay quiet on a deliberate stop), HR events are archived for a bounded
 * time, the records and the admins survive a stack deletion, and the public routes have throttles
 * of their own. cdk-nag, cfn-guard and least privilege: least-privilege.test.ts.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetailTypes } from '../../functions/contracts/hr-event.ts';
import { API_FUNCTIONS } from '../../infra/api-catalog.ts';
import { parseDeployConfig } from '../../infra/deploy-config.ts';
import { ASYNC_STEPS } from '../../infra/step-catalog.ts';
import { testDeployConfig } from '../support/deploy-config.ts';
import {
  type AlarmMetric,
  alarmMetrics,
  allowedOn,
  type CfnResource,
  functionsByStep,
  referencedIds,
  removeSynthOutput,
  resourcesOfType,
  roleStatements,
  type Synthesized,
  synthLanyard,
} from '../support/lanyard-template.ts';

/** Every schedule and option the stack can have, with non-default retention and throttles. */
const fullConfig = parseDeployConfig({
  ...testDeployConfig,
  sweep: { schedule: 'cron(0 6 ? * MON *)', mode: 'approve' },
  eventArchiveRetentionDays: 30,
  api: {
    rateLimit: 40,
    routeThrottles: {
      hrEvents: { rateLimit: 12, burstLimit: 24 },
      keepSeat: { rateLimit: 2, burstLimit: 4 },
      admin: { rateLimit: 30, burstLimit: 60 },
      console: { rateLimit: 8, burstLimit: 16 },
    },
  },
});
const noSchedules = parseDeployConfig({
  ...testDeployConfig,
  seatWatchSchedule: null,
  reconciliation: { schedule: null },
});

let byDefault: Synthesized;
let full: Synthesized;
let unscheduled: Synthesized;
beforeAll(() => {
  // Plain synths (no policy validation: least-privilege.test.ts runs cdk-nag and cfn-guard).
  byDefault = synthLanyard(testDeployConfig, { nag: false });
  full = synthLanyard(fullConfig, { nag: false });
  unscheduled = synthLanyard(noSchedules, { nag: false });
});
afterAll(removeSynthOutput);

/** The SQS queue a `{ "Fn::GetAtt": [queue, "Arn"] }` names, checked to be one. */
function queueOf(s: Synthesized, arn: unknown): string {
  const [queueId] = referencedIds(arn);
  expect(queueId && s.resources[queueId]?.Type, JSON.stringify(arn)).toBe('AWS::SQS::Queue');
  return queueId as string;
}

function alarms(s: Synthesized): Array<[string, CfnResource]> {
  return resourcesOfType(s.resources, 'AWS::CloudWatch::Alarm');
}

function alarmsOn(s: Synthesized, match: (metric: AlarmMetric) => boolean): Array<[string, CfnResource]> {
  return alarms(s).filter(([, alarm]) => alarmMetrics(alarm).some(match));
}

/** A dead-letter queue: encrypted at rest, TLS only, and an alarm on its first waiting message. */
function expectAlarmedEncryptedQueue(s: Synthesized, queueId: string): void {
  const queue = s.resources[queueId] as CfnResource;
  // SSE-SQS or a KMS key (AWS Control Tower's CT.SQS.PR.2 accepts either).
  expect(
    queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined,
  ).toBe(true);
  const policies = resourcesOfType(s.resources, 'AWS::SQS::QueuePolicy').filter(([, p]) =>
    referencedIds(p.Properties.Queues).includes(queueId),
  );
  expect(JSON.stringify(policies)).toContain('"aws:SecureTransport":"false"');
  const depth = alarmsOn(
    s,
    (m) =>
      m.namespace === 'AWS/SQS' &&
      m.name === 'ApproximateNumberOfMessagesVisible' &&
      referencedIds(m.dimensions.QueueName).includes(queueId),
  );
  expect(depth, `depth alarm of ${queueId}`).toHaveLength(1);
  expect(depth[0]?.[1].Properties).toMatchObject({
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });
}

describe('dead-letter queues', () => {
  it('gives every rule target (the lifecycle rules, the execution watch) a dead-letter queue EventBridge may send to for that rule only', () => {
    for (const s of [byDefault, full]) {
      const rules = resourcesOfType(s.resources, 'AWS::Events::Rule');
      expect(rules).toHaveLength(Object.keys(DetailTypes).length + 1);
      for (const [ruleId, rule] of rules) {
        for (const target of rule.Properties.Targets as Array<Record<string, unknown>>) {
          const queueId = queueOf(s, (target.DeadLetterConfig as { Arn?: unknown } | undefined)?.Arn);
          expectAlarmedEncryptedQueue(s, queueId);
          // EventBridge sends with its own service principal: the queue policy allows this rule's events.
          s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
            Queues: [{ Ref: queueId }],
            PolicyDocument: {
              Statement: Match.arrayWith([
                Match.objectLike({
                  Effect: 'Allow',
                  Principal: { Service: 'events.amazonaws.com' },
                  Action: 'sqs:SendMessage',
                  Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
                }),
              ]),
            },
          });
          // Delivery keeps trying through an outage before it gives up on an HR event.
          expect(target.RetryPolicy).toMatchObject({ MaximumEventAgeInSeconds: 86_400 });
        }
      }
    }
  });

  it('sends an asynchronous invocation that failed after its retries to a dead-letter queue the function may write', () => {
    for (const s of [byDefault, full]) {
      const functions = functionsByStep(s.resources);
      // Which functions are invoked asynchronously is read from the template: rule and schedule targets.
      const lambdaTargets = [
        ...resourcesOfType(s.resources, 'AWS::Events::Rule').flatMap(([, r]) =>
          (r.Properties.Targets as Array<{ Arn: unknown }>).map((t) => t.Arn),
        ),
        ...resourcesOfType(s.resources, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties.Target.Arn),
      ]
        .flatMap(referencedIds)
        .filter((id) => s.resources[id]?.Type === 'AWS::Lambda::Function');
      const asyncIds = ASYNC_STEPS.map((step) => functions[step]?.id);
      expect([...new Set(lambdaTargets)].sort()).toEqual([...asyncIds].sort());

      for (const step of ASYNC_STEPS) {
        const fn = functions[step];
        if (!fn) throw new Error(`no function for ${step}`);
        const configs = resourcesOfType(s.resources, 'AWS::Lambda::EventInvokeConfig').filter(([, c]) =>
          referencedIds(c.Properties.FunctionName).includes(fn.id),
        );
        expect(configs, step).toHaveLength(1);
        const config = configs[0]?.[1] as CfnResource;
        expect(config.Properties.Qualifier).toBe('$LATEST');
        const queueId = queueOf(s, config.Properties.DestinationConfig?.OnFailure?.Destination);
        expectAlarmedEncryptedQueue(s, queueId);
        // Lambda sends the failure record with the function's own role.
        expect(allowedOn(roleStatements(s.resources, fn.roleId), queueId)).toContain('sqs:SendMessage');
      }
    }
  });

  it('gives every schedule a dead-letter queue its role may send to, and none without schedules', () => {
    // By default the seat watch and the daily reconciliation; fully, the sweep too.
    expect(resourcesOfType(byDefault.resources, 'AWS::Scheduler::Schedule')).toHaveLength(2);
    expect(resourcesOfType(full.resources, 'AWS::Scheduler::Schedule')).toHaveLength(3);
    for (const s of [byDefault, full]) {
      for (const [id, schedule] of resourcesOfType(s.resources, 'AWS::Scheduler::Schedule')) {
        const target = schedule.Properties.Target;
        const queueId = queueOf(s, target.DeadLetterConfig?.Arn);
        expectAlarmedEncryptedQueue(s, queueId);
        // Scheduler sends to the dead-letter queue with the schedule's execution role.
        const [roleId] = referencedIds(target.RoleArn);
        expect(allowedOn(roleStatements(s.resources, roleId as string), queueId), id).toContain(
          'sqs:SendMessage',
        );
        expect(target.RetryPolicy?.MaximumRetryAttempts, id).toBeGreaterThan(0);
      }
    }
    expect(resourcesOfType(unscheduled.resources, 'AWS::Scheduler::Schedule')).toHaveLength(0);
    // Only the HR-event and asynchronous-failure queues remain.
    expect(resourcesOfType(unscheduled.resources, 'AWS::SQS::Queue')).toHaveLength(2);
  });
});

describe('alarms', () => {
  const machines = (s: Synthesized) => ({
    onboarding: s.idOf(s.stack.onboarding.stateMachine),
    offboarding: s.idOf(s.stack.offboarding.stateMachine),
    sweep: s.idOf(s.stack.sweep.stateMachine),
  });

  it('alarms on failed and timed-out runs of every workflow, and on aborted ones except onboarding (Lanyard stops those on purpose)', () => {
    for (const s of [byDefault, full]) {
      const watched = (machineId: string) =>
        alarmsOn(
          s,
          (m) =>
            m.namespace === 'AWS/States' && referencedIds(m.dimensions.StateMachineArn).includes(machineId),
        )
          .flatMap(([, a]) => alarmMetrics(a).map((m) => m.name))
          .sort();
      const ids = machines(s);
      expect(watched(ids.onboarding)).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
      expect(watched(ids.offboarding)).toEqual([
        'ExecutionsAborted',
        'ExecutionsFailed',
        'ExecutionsTimedOut',
      ]);
      expect(watched(ids.sweep)).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    }
  });

  it('alarms on the errors and the throttles of every function, each function in one alarm of each, at most 10 metrics an alarm', () => {
    for (const s of [byDefault, full]) {
      const functionIds = Object.values(functionsByStep(s.resources))
        .map((f) => f.id)
        .sort();
      expect(functionIds).toHaveLength(resourcesOfType(s.resources, 'AWS::Lambda::Function').length);
      for (const metricName of ['Errors', 'Throttles']) {
        const watched = alarms(s).flatMap(([, a]) =>
          alarmMetrics(a)
            .filter((m) => m.namespace === 'AWS/Lambda' && m.name === metricName)
            .flatMap((m) => referencedIds(m.dimensions.FunctionName)),
        );
        expect(watched.sort(), metricName).toEqual(functionIds);
      }
      for (const [id, alarm] of alarms(s)) expect(alarmMetrics(alarm).length, id).toBeLessThanOrEqual(10);
      // A function nothing retries (API, asynchronous) alarms on its first error.
      const functions = functionsByStep(s.resources);
      for (const step of [...ASYNC_STEPS, ...API_FUNCTIONS.map((f) => f.id)]) {
        const [errors] = alarmsOn(
          s,
          (m) =>
            m.name === 'Errors' &&
            referencedIds(m.dimensions.FunctionName).includes(functions[step]?.id ?? '-'),
        );
        expect(errors?.[1].Properties.Threshold, step).toBe(1);
      }
    }
  });

  it('alarms on API 5xx, failed rule invocations, throttled table requests and late access cuts', () => {
    for (const s of [byDefault, full]) {
      const api = s.idOf(s.stack.http.api);
      expect(
        alarmsOn(
          s,
          (m) =>
            m.namespace === 'AWS/ApiGateway' &&
            m.name === '5xx' &&
            referencedIds(m.dimensions.ApiId)[0] === api,
        ),
      ).toHaveLength(1);

      const bus = s.idOf(s.stack.bus.bus);
      const failed = alarms(s).flatMap(([, a]) =>
        alarmMetrics(a).filter((m) => m.namespace === 'AWS/Events' && m.name === 'FailedInvocations'),
      );
      // Rules on a custom bus report FailedInvocations with both dimensions; the execution watch's
      // rule, on the default bus, with its name only.
      const watchRule = s.idOf(s.stack.executionWatch.rule);
      for (const m of failed)
        expect(referencedIds(m.dimensions.EventBusName)).toEqual(
          referencedIds(m.dimensions.RuleName)[0] === watchRule ? [] : [bus],
        );
      expect(failed.flatMap((m) => referencedIds(m.dimensions.RuleName)).sort()).toEqual(
        resourcesOfType(s.resources, 'AWS::Events::Rule')
          .map(([id]) => id)
          .sort(),
      );

      const table = s.idOf(s.stack.records.table);
      const throttled = alarms(s).flatMap(([, a]) =>
        alarmMetrics(a).filter((m) => m.namespace === 'AWS/DynamoDB'),
      );
      expect(throttled.map((m) => m.name).sort()).toEqual([
        'ReadThrottleEvents',
        'ReadThrottleEvents',
        'WriteThrottleEvents',
        'WriteThrottleEvents',
      ]);
      for (const m of throttled) expect(referencedIds(m.dimensions.TableName)).toEqual([table]);
      expect(throttled.map((m) => m.dimensions.GlobalSecondaryIndexName ?? 'table').sort()).toEqual([
        'gsi1',
        'gsi1',
        'table',
        'table',
      ]);

      const late = alarms(s).flatMap(([, a]) =>
        alarmMetrics(a).filter((m) => m.namespace === 'Lanyard' && m.name === 'CutSloMissed'),
      );
      expect(
        late.map((m) => m.dimensions).sort((a, b) => String(a.Cut).localeCompare(String(b.Cut))),
      ).toEqual([
        { Cut: 'idp', service: 'lanyard' },
        { Cut: 'trello', service: 'lanyard' },
      ]);
    }
  });

  it("alarms on a schedule's target errors and dropped firings, for Lanyard's schedule group, only when there are schedules", () => {
    for (const s of [byDefault, full]) {
      const groups = new Set(
        resourcesOfType(s.resources, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties.GroupName),
      );
      expect([...groups]).toEqual([s.stack.stackName]);
      const scheduler = alarms(s).flatMap(([, a]) =>
        alarmMetrics(a).filter((m) => m.namespace === 'AWS/Scheduler'),
      );
      expect(scheduler.map((m) => m.name).sort()).toEqual(['InvocationDroppedCount', 'TargetErrorCount']);
      for (const m of scheduler) expect(m.dimensions).toEqual({ ScheduleGroup: s.stack.stackName });
    }
    expect(alarmsOn(unscheduled, (m) => m.namespace === 'AWS/Scheduler')).toHaveLength(0);
  });

  it('has no alarm but these, and every alarm notifies the alarm topic', () => {
    const known = new Set([
      'AWS/SQS ApproximateNumberOfMessagesVisible',
      'AWS/States ExecutionsFailed',
      'AWS/States ExecutionsTimedOut',
      'AWS/States ExecutionsAborted',
      'AWS/Lambda Errors',
      'AWS/Lambda Throttles',
      'AWS/ApiGateway 5xx',
      'AWS/Events FailedInvocations',
      'AWS/Scheduler TargetErrorCount',
      'AWS/Scheduler InvocationDroppedCount',
      'AWS/DynamoDB ReadThrottleEvents',
      'AWS/DynamoDB WriteThrottleEvents',
      'Lanyard CutSloMissed',
    ]);
    for (const s of [byDefault, full, unscheduled]) {
      const topic = s.idOf(s.stack.alarmTopic);
      for (const [id, alarm] of alarms(s)) {
        const metrics = alarmMetrics(alarm);
        expect(metrics.length, id).toBeGreaterThan(0);
        // One service an alarm, so its description can say what to do.
        expect(new Set(metrics.map((m) => m.namespace)).size, id).toBe(1);
        for (const m of metrics) expect(known, id).toContain(`${m.namespace} ${m.name}`);
        expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topic }]);
        expect(alarm.Properties.TreatMissingData, id).toBe('notBreaching');
      }
    }
  });
});

describe('retention, deletion protection and throttling', () => {
  it('archives HR events for 90 days by default, as long as configured otherwise, never forever', () => {
    byDefault.template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
    full.template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 30 });
    expect(() => parseDeployConfig({ ...testDeployConfig, eventArchiveRetentionDays: 0 })).toThrow(
      /eventArchiveRetentionDays/,
    );
  });

  it('protects the records table and the admin user pool from deletion, by CloudFormation or by hand', () => {
    const [table, ...otherTables] = resourcesOfType(byDefault.resources, 'AWS::DynamoDB::Table');
    expect(otherTables).toHaveLength(0);
    expect(table?.[1].Properties.DeletionProtectionEnabled).toBe(true);
    expect(table?.[1].DeletionPolicy).toBe('Retain');
    const [pool, ...otherPools] = resourcesOfType(byDefault.resources, 'AWS::Cognito::UserPool');
    expect(otherPools).toHaveLength(0);
    expect(pool?.[1].Properties.DeletionProtection).toBe('ACTIVE');
    expect(pool?.[1].DeletionPolicy).toBe('Retain');
  });

  it('throttles every route on its own (CloudFormation route settings), so the public routes cannot use up the admin API', () => {
    const cases: Array<[Synthesized, typeof fullConfig.api]> = [
      [byDefault, testDeployConfig.api],
      [full, fullConfig.api],
    ];
    for (const [s, api] of cases) {
      const routeKeys = resourcesOfType(s.resources, 'AWS::ApiGatewayV2::Route')
        .map(([, r]) => r.Properties.RouteKey as string)
        .sort();
      const [, stage] = resourcesOfType(s.resources, 'AWS::ApiGatewayV2::Stage')[0] ?? [];
      const settings = stage?.Properties.RouteSettings as Record<string, unknown>;
      expect(Object.keys(settings).sort()).toEqual(routeKeys);
      const throttle = (group: keyof typeof api.routeThrottles) => ({
        // The property names CloudFormation (and API Gateway) read: anything else is ignored.
        ThrottlingRateLimit: api.routeThrottles[group].rateLimit,
        ThrottlingBurstLimit: api.routeThrottles[group].burstLimit,
      });
      expect(settings).toEqual({
        'POST /hr/events': throttle('hrEvents'),
        'POST /hr/events/{vendor}': throttle('hrEvents'),
        'POST /keep-seat': throttle('keepSeat'),
        'ANY /admin/{proxy+}': throttle('admin'),
        'ANY /admin/audit': throttle('admin'),
        'ANY /admin/audit/{proxy+}': throttle('admin'),
        'ANY /admin/sweeps': throttle('admin'),
        'ANY /admin/sweeps/{proxy+}': throttle('admin'),
        'ANY /admin/imports': throttle('admin'),
        'ANY /admin/reconciliations': throttle('admin'),
        'ANY /admin/reconciliations/{proxy+}': throttle('admin'),
        'ANY /admin/overview': throttle('admin'),
        'ANY /admin/seats': throttle('admin'),
        'ANY /admin/seats/{proxy+}': throttle('admin'),
        'ANY /admin/consolidation': throttle('admin'),
        'GET /': throttle('console'),
        'GET /console/{file}': throttle('console'),
        'GET /admin/openapi.json': throttle('console'),
      });
      expect(stage?.Properties.DefaultRouteSettings).toEqual({
        ThrottlingRateLimit: api.rateLimit,
        ThrottlingBurstLimit: api.rateLimit * 2,
      });
      // Route settings name routes, which must exist before the stage refers to them.
      const routeIds = resourcesOfType(s.resources, 'AWS::ApiGatewayV2::Route').map(([id]) => id);
      const [stageId] = resourcesOfType(s.resources, 'AWS::ApiGatewayV2::Stage')[0] ?? [];
      expect(s.template.toJSON().Resources[stageId as string].DependsOn).toEqual(
        expect.arrayContaining(routeIds),
      );
    }
  });
});

/**
 * The template's EventBridge Scheduler schedules (AWS::Scheduler::Schedule), so the local runtime
 * fires what Scheduler would, from the same template. Each target ARN goes through the intrinsic
 * resolver that state machines and functions use, so it comes out as the local ARN of the state
 * machine (started with StartExecution) or Lambda function (invoked) it names. Whatever else a
 * schedule could target, or asks of its target, is refused here, naming the schedule: running it
 * differently would be worse than not starting.
 *
 * The expression itself is checked and evaluated by the runtime (../runtime/schedule-expression.ts).
 */
import { z } from 'zod';
import { LOCAL, resolveIntrinsic, type Template } from './read-template.ts';

export type ScheduleTarget =
  | { kind: 'stateMachine'; arn: string }
  | { kind: 'lambda'; arn: string; functionLogicalId: string };

export interface LocalSchedule {
  logicalId: string;
  /** The Name property, or the logical id when CloudFormation would generate one. */
  name: string;
  groupName: string;
  arn: string;
  /** `rate(…)`, `cron(…)` or `at(…)`, as written. */
  expression: string;
  /** IANA name. @default 'UTC' */
  timezone: string;
  enabled: boolean;
  /** Epoch milliseconds. */
  startDate?: number;
  endDate?: number;
  /**
   * FLEXIBLE's window in minutes (null when OFF). Scheduler fires somewhere inside the window;
   * the local runner fires at its start, which is one of the times Scheduler may pick.
   */
  flexibleWindowMinutes: number | null;
  target: ScheduleTarget;
  /** The target's Input, a JSON text that may hold Scheduler's `<aws.scheduler.…>` keywords. */
  input: string;
  /** RetryPolicy, with Scheduler's defaults (185 attempts, 86,400 s). */
  retry: { maximumRetryAttempts: number; maximumEventAgeSeconds: number };
}

const UtcDate = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

const ScheduleProperties = z.object({
  Name: z.unknown().optional(),
  GroupName: z.unknown().optional(),
  ScheduleExpression: z.string().min(1),
  ScheduleExpressionTimezone: z.string().min(1).default('UTC'),
  State: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
  StartDate: UtcDate.optional(),
  EndDate: UtcDate.optional(),
  FlexibleTimeWindow: z.discriminatedUnion('Mode', [
    z.object({ Mode: z.literal('OFF') }),
    z.object({ Mode: z.literal('FLEXIBLE'), MaximumWindowInMinutes: z.number().int().min(1).max(1440) }),
  ]),
  Target: z.looseObject({
    Arn: z.unknown(),
    RoleArn: z.unknown(),
    Input: z.unknown().optional(),
    RetryPolicy: z
      .object({
        MaximumRetryAttempts: z.number().int().min(0).max(185).default(185),
        MaximumEventAgeInSeconds: z.number().int().min(60).max(86_400).default(86_400),
      })
      .default({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 }),
  }),
});

/** Templated-target settings for services the local runtime does not have. */
const OTHER_SERVICE_PARAMETERS = [
  'EcsParameters',
  'EventBridgeParameters',
  'KinesisParameters',
  'SageMakerPipelineParameters',
  'SqsParameters',
];

export function readSchedules(template: Template): LocalSchedule[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
    .map(([logicalId, r]) => readSchedule(template, logicalId, r.Properties ?? {}));
}

function readSchedule(template: Template, logicalId: string, properties: unknown): LocalSchedule {
  const where = `Schedule ${logicalId}`;
  const parsed = ScheduleProperties.safeParse(properties);
  if (!parsed.success) {
    throw new Error(
      `${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const props = parsed.data;
  const extra = OTHER_SERVICE_PARAMETERS.filter((key) => key in props.Target);
  if (extra.length > 0)
    throw new Error(`${where}: the target sets ${extra.join(', ')}, which the local runtime cannot honour`);
  const text = (value: unknown, fallback: string, field: string) =>
    value === undefined ? fallback : resolveIntrinsic(template, value, `${where} ${field}`);
  const name = text(props.Name, logicalId, 'Name');
  const groupName = text(props.GroupName, 'default', 'GroupName');
  const input = text(props.Target.Input, '{}', 'Target.Input');
  return {
    logicalId,
    name,
    groupName,
    arn: `arn:${LOCAL.partition}:scheduler:${LOCAL.region}:${LOCAL.account}:schedule/${groupName}/${name}`,
    expression: props.ScheduleExpression,
    timezone: props.ScheduleExpressionTimezone,
    enabled: props.State === 'ENABLED',
    startDate: props.StartDate,
    endDate: props.EndDate,
    flexibleWindowMinutes:
      props.FlexibleTimeWindow.Mode === 'FLEXIBLE' ? props.FlexibleTimeWindow.MaximumWindowInMinutes : null,
    target: targetOf(resolveIntrinsic(template, props.Target.Arn, `${where} Target.Arn`), where),
    input: assertJsonInput(input, where),
    retry: {
      maximumRetryAttempts: props.Target.RetryPolicy.MaximumRetryAttempts,
      maximumEventAgeSeconds: props.Target.RetryPolicy.MaximumEventAgeInSeconds,
    },
  };
}

function targetOf(arn: string, where: string): ScheduleTarget {
  if (/^arn:[^:]+:states:[^:]+:\d{12}:stateMachine:[^:]+$/.test(arn)) return { kind: 'stateMachine', arn };
  const fn = /^arn:[^:]+:lambda:[^:]+:\d{12}:function:([^:]+)(:[^:]+)?$/.exec(arn);
  if (fn?.[2])
    throw new Error(
      `${where}: the target ${arn} is a function version or alias, which the local runtime cannot invoke`,
    );
  if (fn?.[1]) return { kind: 'lambda', arn, functionLogicalId: fn[1] };
  // Universal targets (arn:aws:scheduler:::aws-sdk:<service>:<action>) and other services' ARNs.
  throw new Error(
    `${where}: the target ${arn} is neither a state machine nor a Lambda function; the local runtime runs only those`,
  );
}

/**
 * Scheduler hands Input to both target kinds as JSON (a state machine's execution input, a
 * function's event), so a text that is not JSON is refused now rather than at the first firing.
 * The context keywords may stand unquoted (`"n": <aws.scheduler.attempt-number>`), so they are
 * replaced by a number before parsing.
 */
function assertJsonInput(input: string, where: string): string {
  try {
    JSON.parse(input.replace(/<aws\.scheduler\.[a-z-]+>/g, '1'));
  } catch {
    throw new Error(`${where}: the target Input is not JSON: ${input.slice(0, 200)}`);
  }
  return input;
}

import {
  Duration,
  aws_iam as iam,
  type aws_kms as kms,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  aws_stepfunctions as sfn,
} from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';
import { WorkflowAlarms } from './workflow-alarms.ts';

export interface WorkflowMachineProps {
  alarmTopic: ITopic;
  /** Fixed so callers can be granted on the ARN before the machine exists. @default generated */
  stateMachineName?: string;
  /**
   * Upper bound of one run (waits and approvals fit inside it).
   * @default 24 days (the local runtime cannot time a longer run: setTimeout tops out near 24.8 days)
   */
  runTimeout?: Duration;
  /** Alarm on aborted executions (see WorkflowAlarms). @default true */
  alarmOnAborted?: boolean;
  /** The KMS key the machine's log group is encrypted with. @default CloudWatch Logs' own encryption */
  logKey?: kms.IKey;
}

/** The construct id of the stack's one workflow observability policy (see {@link workflowObservabilityPolicy}). */
export const WORKFLOW_OBSERVABILITY_POLICY_ID = 'WorkflowObservability';

/**
 * Every Lanyard workflow the same way: a STANDARD state machine (runs wait for days), X-Ray, its
 * own log group without execution data (it holds names and emails), and the failure alarms.
 *
 * Its role's own policy holds only what the definition grants (invoking its step functions); the
 * X-Ray and log-delivery actions, which take no resource, come from the stack's one observability
 * policy, so a wildcard added to the role later fails cdk-nag at synth.
 */
export class WorkflowMachine extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly logGroup: logs.LogGroup;
  public readonly alarms: WorkflowAlarms;

  constructor(
    scope: Construct,
    id: string,
    props: WorkflowMachineProps & { definition: (scope: Construct) => sfn.IChainable },
  ) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.logKey,
    });
    const role = new iam.Role(this, 'StateMachineRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      managedPolicies: [workflowObservabilityPolicy(this)],
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(props.definition(this)),
      timeout: props.runTimeout ?? Duration.days(24),
      role,
    });
    // What CDK's `tracingEnabled` and `logs` options would write, without the statements on "*"
    // they would add to the role's own policy (the observability policy grants them).
    const machine = this.stateMachine.node.defaultChild as sfn.CfnStateMachine;
    machine.tracingConfiguration = { enabled: true };
    machine.loggingConfiguration = {
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: this.logGroup.logGroupArn } }],
      includeExecutionData: false,
      level: sfn.LogLevel.ALL,
    };
    this.alarms = new WorkflowAlarms(this, 'Alarms', {
      stateMachine: this.stateMachine,
      alarmTopic: props.alarmTopic,
      alarmOnAborted: props.alarmOnAborted,
    });
  }
}

/**
 * What every state machine needs beyond its tasks, once per stack: X-Ray (PutTraceSegments,
 * PutTelemetryRecords, GetSamplingRules/Targets) and CloudWatch Logs delivery (the *LogDelivery
 * actions, PutResourcePolicy, DescribeResourcePolicies/LogGroups), none of which takes a resource.
 */
export function workflowObservabilityPolicy(scope: IConstruct): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(WORKFLOW_OBSERVABILITY_POLICY_ID);
  if (existing) return existing as iam.ManagedPolicy;
  return new iam.ManagedPolicy(stack, WORKFLOW_OBSERVABILITY_POLICY_ID, {
    description:
      'Lanyard state machines: X-Ray and log delivery (actions without resource-level permissions)',
    statements: [
      new iam.PolicyStatement({
        actions: [
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
          'logs:DescribeLogGroups',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        actions: [
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
        ],
        resources: ['*'],
      }),
    ],
  });
}

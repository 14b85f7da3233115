import { Duration, aws_logs as logs, RemovalPolicy, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
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
}

/**
 * Every Lanyard workflow the same way: a STANDARD state machine (runs wait for days), X-Ray, its
 * own log group without execution data (it holds names and emails), and the failure alarms.
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
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(props.definition(this)),
      timeout: props.runTimeout ?? Duration.days(24),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.alarms = new WorkflowAlarms(this, 'Alarms', {
      stateMachine: this.stateMachine,
      alarmTopic: props.alarmTopic,
    });
  }
}

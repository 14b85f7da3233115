import { Duration, aws_logs as logs, RemovalPolicy, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WorkflowAlarms } from '../shared/workflow-alarms.ts';
import { buildOffboardingDefinition, type OffboardingDefinitionProps } from './offboarding-definition.ts';

export interface OffboardingWorkflowProps extends OffboardingDefinitionProps {
  alarmTopic: ITopic;
  /** Fixed so callers can be granted on the ARN before the machine exists. @default generated */
  stateMachineName?: string;
  /** Upper bound of one run: a notice period and two approvals fit inside it. @default 24 days */
  runTimeout?: Duration;
}

/** The offboarding state machine with its log group and alarms (STANDARD: runs wait for approvals). */
export class OffboardingWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly logGroup: logs.LogGroup;
  public readonly alarms: WorkflowAlarms;

  constructor(scope: Construct, id: string, props: OffboardingWorkflowProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(buildOffboardingDefinition(this, props)),
      timeout: props.runTimeout ?? Duration.days(24),
      tracingEnabled: true,
      // Execution data holds names and emails: keep it out of the logs (PII).
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.alarms = new WorkflowAlarms(this, 'Alarms', {
      stateMachine: this.stateMachine,
      alarmTopic: props.alarmTopic,
    });
  }
}

import type { Construct } from 'constructs';
import { WorkflowMachine, type WorkflowMachineProps } from '../shared/workflow-machine.ts';
import { buildOffboardingDefinition, type OffboardingDefinitionProps } from './offboarding-definition.ts';
import { TimeToCutAlarm } from './time-to-cut-alarm.ts';

export type OffboardingWorkflowProps = OffboardingDefinitionProps & WorkflowMachineProps;

/** The offboarding state machine (a notice period and two approvals fit in one run), and its time-to-cut alarm. */
export class OffboardingWorkflow extends WorkflowMachine {
  public readonly timeToCutAlarm: TimeToCutAlarm;

  constructor(scope: Construct, id: string, props: OffboardingWorkflowProps) {
    super(scope, id, { ...props, definition: (s) => buildOffboardingDefinition(s, props) });
    this.timeToCutAlarm = new TimeToCutAlarm(this, 'TimeToCut', { alarmTopic: props.alarmTopic });
  }
}

import type { Construct } from 'constructs';
import { WorkflowMachine, type WorkflowMachineProps } from '../shared/workflow-machine.ts';
import { buildOffboardingDefinition, type OffboardingDefinitionProps } from './offboarding-definition.ts';

export type OffboardingWorkflowProps = OffboardingDefinitionProps & WorkflowMachineProps;

/** The offboarding state machine (a notice period and two approvals fit in one run). */
export class OffboardingWorkflow extends WorkflowMachine {
  constructor(scope: Construct, id: string, props: OffboardingWorkflowProps) {
    super(scope, id, { ...props, definition: (s) => buildOffboardingDefinition(s, props) });
  }
}

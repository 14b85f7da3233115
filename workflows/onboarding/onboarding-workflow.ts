import type { Construct } from 'constructs';
import { WorkflowMachine, type WorkflowMachineProps } from '../shared/workflow-machine.ts';
import { buildOnboardingDefinition, type OnboardingDefinitionProps } from './onboarding-definition.ts';

export type OnboardingWorkflowProps = OnboardingDefinitionProps & WorkflowMachineProps;

/** The onboarding state machine (the start lead, the first-login wait and an approval fit in one run). */
export class OnboardingWorkflow extends WorkflowMachine {
  constructor(scope: Construct, id: string, props: OnboardingWorkflowProps) {
    super(scope, id, { ...props, definition: (s) => buildOnboardingDefinition(s, props) });
  }
}

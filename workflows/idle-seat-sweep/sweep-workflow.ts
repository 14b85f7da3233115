import type { Construct } from 'constructs';
import { WorkflowMachine, type WorkflowMachineProps } from '../shared/workflow-machine.ts';
import { buildSweepDefinition, type SweepDefinitionProps } from './sweep-definition.ts';

export type SweepWorkflowProps = SweepDefinitionProps & WorkflowMachineProps;

/** The idle-seat sweep state machine (an approval of the batch fits in one run). */
export class SweepWorkflow extends WorkflowMachine {
  constructor(scope: Construct, id: string, props: SweepWorkflowProps) {
    super(scope, id, { ...props, definition: (s) => buildSweepDefinition(s, props) });
  }
}

import type { Construct } from 'constructs';
import { WorkflowMachine, type WorkflowMachineProps } from '../shared/workflow-machine.ts';
import {
  buildReconciliationDefinition,
  type ReconciliationDefinitionProps,
} from './reconciliation-definition.ts';

export type ReconciliationWorkflowProps = ReconciliationDefinitionProps & WorkflowMachineProps;

/** The drift reconciliation state machine (an approval of the fixes fits in one run). */
export class ReconciliationWorkflow extends WorkflowMachine {
  constructor(scope: Construct, id: string, props: ReconciliationWorkflowProps) {
    super(scope, id, { ...props, definition: (s) => buildReconciliationDefinition(s, props) });
  }
}

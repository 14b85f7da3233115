import type { Construct } from 'constructs';
import { WorkflowMachine, type WorkflowMachineProps } from '../shared/workflow-machine.ts';
import {
  buildLeaveApprovalDefinition,
  type LeaveApprovalDefinitionProps,
} from './leave-approval-definition.ts';

export type LeaveApprovalWorkflowProps = LeaveApprovalDefinitionProps & WorkflowMachineProps;

/** The approval before a leave of absence's change (deploy config `leaveApproval`). */
export class LeaveApprovalWorkflow extends WorkflowMachine {
  constructor(scope: Construct, id: string, props: LeaveApprovalWorkflowProps) {
    super(scope, id, { ...props, definition: (s) => buildLeaveApprovalDefinition(s, props) });
  }
}

/** The leave policy and, when deploy config `leaveApproval` is on, what a leave start asks with. */

import { ConfigInvalidError } from '../core/errors.ts';
import type { LeaveDeps } from '../core/lifecycle/apply-leave.ts';
import type { Approvals } from '../ports/records/approvals.ts';
import type { WorkflowEngine } from '../ports/workflow-engine.ts';
import type { Config } from './config.ts';
import { ConfigKeys as K } from './config-keys.ts';

export function leaveSettings(deps: {
  config: Config;
  approvals: Approvals;
  workflow: WorkflowEngine;
}): Pick<LeaveDeps, 'leavePolicy' | 'leaveApproval'> {
  const { policy, approval, approvalStateMachineArn } = deps.config.leave;
  if (!approval) return { leavePolicy: policy, leaveApproval: null };
  // Asking nothing would make the change unapproved: refuse, naming what is missing.
  if (approvalStateMachineArn === null)
    throw new ConfigInvalidError(
      `Lanyard is misconfigured — ${K.leaveApproval} is on but ${K.leaveApprovalStateMachineArn} is not set`,
    );
  return {
    leavePolicy: policy,
    leaveApproval: {
      stateMachineArn: approvalStateMachineArn,
      approvals: deps.approvals,
      workflow: deps.workflow,
    },
  };
}

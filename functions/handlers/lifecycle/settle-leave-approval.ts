import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { SettleLeaveApprovalInput, SettleLeaveApprovalOutput } from '../../contracts/leave-approval-steps.ts';
import { settleLeaveApproval } from '../../core/lifecycle/settle-leave-approval.ts';

export const handler = defineStep({
  name: 'settle-leave-approval',
  input: SettleLeaveApprovalInput,
  output: SettleLeaveApprovalOutput,
  // workflow: the leave code it shares with Apply Profile Event withdraws approvals through it; this step never needs to.
  ports: { trello, notifier, idp, workflow },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: ({ detail, decision }, deps) =>
    settleLeaveApproval(detail, decision, { ...deps, leavePolicy: deps.config.leave.policy }),
});

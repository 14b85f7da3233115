import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { SettleLeaveApprovalInput, SettleLeaveApprovalOutput } from '../../contracts/leave-approval-steps.ts';
import { settleLeaveApproval } from '../../core/lifecycle/settle-leave-approval.ts';

export const handler = defineStep({
  name: 'settle-leave-approval',
  input: SettleLeaveApprovalInput,
  output: SettleLeaveApprovalOutput,
  ports: { trello, notifier, idp },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: ({ detail, decision }, deps) =>
    settleLeaveApproval(detail, decision, { ...deps, leavePolicy: deps.config.leave.policy }),
});

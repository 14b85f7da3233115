import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { AskLeaveApprovalInput, AskLeaveApprovalOutput } from '../../contracts/leave-approval-steps.ts';
import { askLeaveApproval } from '../../core/lifecycle/ask-leave-approval.ts';

export const handler = defineStep({
  name: 'ask-leave-approval',
  input: AskLeaveApprovalInput,
  output: AskLeaveApprovalOutput,
  ports: { notifier, workflow, idp },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: ({ detail, taskToken }, deps) =>
    askLeaveApproval(detail, taskToken, {
      ...deps,
      leavePolicy: deps.config.leave.policy,
      settings: deps.config.onboarding,
    }),
});

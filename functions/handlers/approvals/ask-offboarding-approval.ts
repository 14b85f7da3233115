import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { RequestAdminApprovalInput, RequestAdminApprovalOutput } from '../../contracts/offboarding-steps.ts';
import { requestOffboardingApproval } from '../../core/approvals/request-offboarding-approval.ts';

export const handler = defineStep({
  name: 'ask-offboarding-approval',
  input: RequestAdminApprovalInput,
  output: RequestAdminApprovalOutput,
  ports: { notifier, workflow, idp },
  records: ['runs', 'approvals'],
  run: ({ run, kind, taskToken }, deps) => requestOffboardingApproval(run, kind, taskToken, deps),
});

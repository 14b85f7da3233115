import { RequestAdminApprovalInput, RequestAdminApprovalOutput } from '../../contracts/offboarding-steps.ts';
import { requestOffboardingApproval } from '../../core/approvals/request-offboarding-approval.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'ask-offboarding-approval',
  input: RequestAdminApprovalInput,
  output: RequestAdminApprovalOutput,
  run: ({ run, kind, taskToken }, deps) => requestOffboardingApproval(run, kind, taskToken, deps),
});

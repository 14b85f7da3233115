import { RequestAdminApprovalInput, RequestAdminApprovalOutput } from '../../contracts/offboarding-steps.ts';
import { requestOffboardingApproval } from '../../core/approvals/request-offboarding-approval.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { idp } from '../../runtime/providers/idp.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

export const handler = defineStep({
  name: 'ask-offboarding-approval',
  input: RequestAdminApprovalInput,
  output: RequestAdminApprovalOutput,
  ports: { notifier, workflow, idp },
  run: ({ run, kind, taskToken }, deps) => requestOffboardingApproval(run, kind, taskToken, deps),
});

import { AskFixApprovalInput, AskFixApprovalOutput } from '../../contracts/reconciliation-steps.ts';
import { askFixApproval } from '../../core/reconciliation/ask-fix-approval.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

export const handler = defineStep({
  name: 'ask-fix-approval',
  input: AskFixApprovalInput,
  output: AskFixApprovalOutput,
  ports: { notifier, workflow },
  run: ({ reconciliation, taskToken }, deps) => askFixApproval(reconciliation, taskToken, deps),
});

import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { AskFixApprovalInput, AskFixApprovalOutput } from '../../contracts/reconciliation-steps.ts';
import { askFixApproval } from '../../core/reconciliation/ask-fix-approval.ts';

export const handler = defineStep({
  name: 'ask-fix-approval',
  input: AskFixApprovalInput,
  output: AskFixApprovalOutput,
  ports: { notifier, workflow },
  records: ['runs', 'approvals', 'reconciliations'],
  run: ({ reconciliation, taskToken }, deps) => askFixApproval(reconciliation, taskToken, deps),
});

import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { AskSweepApprovalInput, AskSweepApprovalOutput } from '../../contracts/sweep-steps.ts';
import { askSweepApproval } from '../../core/sweep/ask-sweep-approval.ts';

export const handler = defineStep({
  name: 'ask-sweep-approval',
  input: AskSweepApprovalInput,
  output: AskSweepApprovalOutput,
  ports: { notifier, workflow },
  records: ['runs', 'audit', 'approvals', 'sweeps'],
  run: ({ sweep, taskToken }, deps) => askSweepApproval(sweep, taskToken, deps),
});

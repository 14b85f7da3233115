import { AskSweepApprovalInput, AskSweepApprovalOutput } from '../../contracts/sweep-steps.ts';
import { askSweepApproval } from '../../core/sweep/ask-sweep-approval.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

export const handler = defineStep({
  name: 'ask-sweep-approval',
  input: AskSweepApprovalInput,
  output: AskSweepApprovalOutput,
  ports: { notifier, workflow },
  run: ({ sweep, taskToken }, deps) => askSweepApproval(sweep, taskToken, deps),
});

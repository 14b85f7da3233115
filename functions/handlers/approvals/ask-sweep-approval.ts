import { AskSweepApprovalInput, AskSweepApprovalOutput } from '../../contracts/sweep-steps.ts';
import { askSweepApproval } from '../../core/sweep/ask-sweep-approval.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'ask-sweep-approval',
  input: AskSweepApprovalInput,
  output: AskSweepApprovalOutput,
  run: ({ sweep, taskToken }, deps) => askSweepApproval(sweep, taskToken, deps),
});

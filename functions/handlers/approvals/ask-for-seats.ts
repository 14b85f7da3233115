import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { AskForSeatsInput, AskForSeatsOutput } from '../../contracts/onboarding-steps.ts';
import { requestSeatApproval } from '../../core/approvals/request-seat-approval.ts';

/** Invoked with `.waitForTaskToken`: records the approval; the run resumes when an admin decides. */
export const handler = defineStep({
  name: 'ask-for-seats',
  input: AskForSeatsInput,
  output: AskForSeatsOutput,
  ports: { notifier, workflow },
  records: ['runs', 'approvals'],
  run: ({ run, attempt, taskToken }, deps) => requestSeatApproval(run, attempt, taskToken, deps),
});

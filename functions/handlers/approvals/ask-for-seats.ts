import { AskForSeatsInput, AskForSeatsOutput } from '../../contracts/onboarding-steps.ts';
import { requestSeatApproval } from '../../core/approvals/request-seat-approval.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

/** Invoked with `.waitForTaskToken`: records the approval; the run resumes when an admin decides. */
export const handler = defineStep({
  name: 'ask-for-seats',
  input: AskForSeatsInput,
  output: AskForSeatsOutput,
  ports: { notifier, workflow },
  run: ({ run, attempt, taskToken }, deps) => requestSeatApproval(run, attempt, taskToken, deps),
});

import { AskIdleOutput, SweepPageInput } from '../../contracts/sweep-steps.ts';
import { askIdleMembers } from '../../core/sweep/ask-idle-members.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'ask-idle-members',
  input: SweepPageInput,
  output: AskIdleOutput,
  run: ({ sweep, cursor }, deps) => askIdleMembers(sweep, cursor, deps),
});

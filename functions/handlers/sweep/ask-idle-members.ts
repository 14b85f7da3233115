import { AskIdleOutput, SweepPageInput } from '../../contracts/sweep-steps.ts';
import { askIdleMembers } from '../../core/sweep/ask-idle-members.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { mailer } from '../../runtime/providers/mailer.ts';

export const handler = defineStep({
  name: 'ask-idle-members',
  input: SweepPageInput,
  output: AskIdleOutput,
  ports: { mailer },
  run: ({ sweep, cursor }, deps) => askIdleMembers(sweep, cursor, deps),
});

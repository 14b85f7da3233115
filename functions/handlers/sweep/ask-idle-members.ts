import { defineStep } from '../../composition/define-step.ts';
import { mailer } from '../../composition/providers/mailer.ts';
import { AskIdleOutput, SweepPageInput } from '../../contracts/sweep-steps.ts';
import { askIdleMembers } from '../../core/sweep/ask-idle-members.ts';

export const handler = defineStep({
  name: 'ask-idle-members',
  input: SweepPageInput,
  output: AskIdleOutput,
  ports: { mailer },
  records: ['sweeps'],
  run: ({ sweep, cursor }, deps) => askIdleMembers(sweep, cursor, deps),
});

import { ListIdleOutput, SweepPageInput } from '../../contracts/sweep-steps.ts';
import { listIdleMembers } from '../../core/sweep/list-idle-members.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'list-idle-members',
  input: SweepPageInput,
  output: ListIdleOutput,
  ports: { trello },
  run: ({ sweep, cursor }, deps) => listIdleMembers(sweep, cursor, deps),
});

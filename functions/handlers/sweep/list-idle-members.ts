import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { ListIdleOutput, SweepPageInput } from '../../contracts/sweep-steps.ts';
import { listIdleMembers } from '../../core/sweep/list-idle-members.ts';

export const handler = defineStep({
  name: 'list-idle-members',
  input: SweepPageInput,
  output: ListIdleOutput,
  ports: { trello },
  records: ['people', 'sweeps'],
  run: ({ sweep, cursor }, deps) => listIdleMembers(sweep, cursor, deps),
});

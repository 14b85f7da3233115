import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { ReclaimPageOutput, SweepPageInput } from '../../contracts/sweep-steps.ts';
import { reclaimSeats } from '../../core/sweep/reclaim-seats.ts';

export const handler = defineStep({
  name: 'reclaim-seats',
  input: SweepPageInput,
  output: ReclaimPageOutput,
  ports: { trello },
  records: ['audit', 'sweeps'],
  run: ({ sweep, cursor }, deps) => reclaimSeats(sweep, cursor, deps),
});

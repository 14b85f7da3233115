import { ReclaimOutput, SweepOnly } from '../../contracts/sweep-steps.ts';
import { reclaimSeats } from '../../core/sweep/reclaim-seats.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'reclaim-seats',
  input: SweepOnly,
  output: ReclaimOutput,
  run: ({ sweep }, deps) => reclaimSeats(sweep, deps),
});

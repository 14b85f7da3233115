import { FinishSweepInput, FinishSweepOutput } from '../../contracts/sweep-steps.ts';
import { finishSweep } from '../../core/sweep/finish-sweep.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'finish-sweep',
  input: FinishSweepInput,
  output: FinishSweepOutput,
  run: ({ sweep, end }, deps) => finishSweep(sweep, end, deps),
});

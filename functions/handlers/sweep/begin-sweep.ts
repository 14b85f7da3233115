import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { BeginSweepInput, BeginSweepOutput } from '../../contracts/sweep-steps.ts';
import { beginSweep } from '../../core/sweep/begin-sweep.ts';

export const handler = defineStep({
  name: 'begin-sweep',
  input: BeginSweepInput,
  output: BeginSweepOutput,
  ports: { trello },
  records: ['runs', 'sweeps'],
  run: ({ request, executionName }, deps) => beginSweep({ ...request, sweepId: executionName }, deps),
});

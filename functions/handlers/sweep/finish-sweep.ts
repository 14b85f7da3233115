import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { FinishSweepInput, FinishSweepOutput } from '../../contracts/sweep-steps.ts';
import { finishSweep } from '../../core/sweep/finish-sweep.ts';

export const handler = defineStep({
  name: 'finish-sweep',
  input: FinishSweepInput,
  output: FinishSweepOutput,
  ports: { trello, notifier, workflow },
  records: ['people', 'runs', 'audit', 'approvals', 'sweeps', 'seatReadings'],
  run: ({ sweep, end }, deps) => finishSweep(sweep, end, deps),
});

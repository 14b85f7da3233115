import { FinishSweepInput, FinishSweepOutput } from '../../contracts/sweep-steps.ts';
import { finishSweep } from '../../core/sweep/finish-sweep.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { trello } from '../../runtime/providers/trello.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

export const handler = defineStep({
  name: 'finish-sweep',
  input: FinishSweepInput,
  output: FinishSweepOutput,
  ports: { trello, notifier, workflow },
  run: ({ sweep, end }, deps) => finishSweep(sweep, end, deps),
});

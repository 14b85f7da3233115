import { defineStep } from '../../composition/define-step.ts';
import { metrics } from '../../composition/providers/metrics.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { NoteCutDelayInput, NoteCutDelayOutput } from '../../contracts/offboarding-steps.ts';
import { noteCutDelay } from '../../core/offboarding/note-cut-delay.ts';

export const handler = defineStep({
  name: 'note-cut-delay',
  input: NoteCutDelayInput,
  output: NoteCutDelayOutput,
  ports: { notifier, metrics },
  records: ['people', 'runs'],
  run: ({ run, cut, clock, error }, deps) => noteCutDelay(run, cut, clock, error, deps),
});

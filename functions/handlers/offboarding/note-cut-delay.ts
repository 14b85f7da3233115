import { NoteCutDelayInput, NoteCutDelayOutput } from '../../contracts/offboarding-steps.ts';
import { noteCutDelay } from '../../core/offboarding/note-cut-delay.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { metrics } from '../../runtime/providers/metrics.ts';
import { notifier } from '../../runtime/providers/notifier.ts';

export const handler = defineStep({
  name: 'note-cut-delay',
  input: NoteCutDelayInput,
  output: NoteCutDelayOutput,
  ports: { notifier, metrics },
  run: ({ run, cut, clock, error }, deps) => noteCutDelay(run, cut, clock, error, deps),
});

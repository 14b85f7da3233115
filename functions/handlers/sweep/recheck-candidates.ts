import { RecheckOutput, SweepOnly } from '../../contracts/sweep-steps.ts';
import { recheckCandidates } from '../../core/sweep/recheck-candidates.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'recheck-candidates',
  input: SweepOnly,
  output: RecheckOutput,
  ports: { trello },
  run: ({ sweep }, deps) => recheckCandidates(sweep, deps),
});

import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { RecheckOutput, SweepOnly } from '../../contracts/sweep-steps.ts';
import { recheckCandidates } from '../../core/sweep/recheck-candidates.ts';

export const handler = defineStep({
  name: 'recheck-candidates',
  input: SweepOnly,
  output: RecheckOutput,
  ports: { trello },
  records: ['audit', 'sweeps'],
  run: ({ sweep }, deps) => recheckCandidates(sweep, deps),
});

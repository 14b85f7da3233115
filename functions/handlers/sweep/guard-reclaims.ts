import { defineStep } from '../../composition/define-step.ts';
import { GuardReclaimsOutput, SweepOnly } from '../../contracts/sweep-steps.ts';
import { guardReclaims } from '../../core/sweep/guard-reclaims.ts';

export const handler = defineStep({
  name: 'guard-reclaims',
  input: SweepOnly,
  output: GuardReclaimsOutput,
  ports: {},
  records: ['audit', 'sweeps'],
  run: ({ sweep }, deps) => guardReclaims(sweep, deps),
});

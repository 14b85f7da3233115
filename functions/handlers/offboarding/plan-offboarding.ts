import { LeaverPlan } from '../../contracts/offboarding-steps.ts';
import { RunOnly } from '../../contracts/onboarding-steps.ts';
import { planOffboarding } from '../../core/offboarding/plan-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'plan-offboarding',
  input: RunOnly,
  output: LeaverPlan,
  run: ({ run }, deps) => planOffboarding(run, deps),
});

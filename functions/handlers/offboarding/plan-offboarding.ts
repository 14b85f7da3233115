import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { LeaverPlan, PlanOffboardingInput } from '../../contracts/offboarding-steps.ts';
import { planOffboarding } from '../../core/offboarding/plan-offboarding.ts';

export const handler = defineStep({
  name: 'plan-offboarding',
  input: PlanOffboardingInput,
  output: LeaverPlan,
  ports: { trello },
  records: ['people', 'runs', 'audit'],
  run: ({ run, memberId }, deps) => planOffboarding(run, memberId, deps),
});

import { MemberDecision, RunOnly } from '../../contracts/onboarding-steps.ts';
import { decideOnboardingPath } from '../../core/onboarding/decide-onboarding-path.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'decide-onboarding-path',
  input: RunOnly,
  output: MemberDecision,
  run: ({ run }, deps) => decideOnboardingPath(run, deps),
});

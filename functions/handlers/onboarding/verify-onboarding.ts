import { OnboardingResult, RunOnly } from '../../contracts/onboarding-steps.ts';
import { verifyOnboarding } from '../../core/onboarding/verify-onboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'verify-onboarding',
  input: RunOnly,
  output: OnboardingResult,
  run: ({ run }, deps) => verifyOnboarding(run, deps),
});

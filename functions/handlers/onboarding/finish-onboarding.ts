import { FinishOnboardingInput, FinishOnboardingOutput } from '../../contracts/onboarding-steps.ts';
import { finishOnboarding } from '../../core/onboarding/finish-onboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'finish-onboarding',
  input: FinishOnboardingInput,
  output: FinishOnboardingOutput,
  run: ({ run, end }, deps) => finishOnboarding(run, end, deps),
});

import { FinishOnboardingInput, FinishOnboardingOutput } from '../../contracts/onboarding-steps.ts';
import { finishOnboarding } from '../../core/onboarding/finish-onboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';

export const handler = defineStep({
  name: 'finish-onboarding',
  input: FinishOnboardingInput,
  output: FinishOnboardingOutput,
  ports: { notifier },
  run: ({ run, end }, deps) => finishOnboarding(run, end, deps),
});

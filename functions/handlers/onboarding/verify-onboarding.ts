import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { OnboardingResult, VerifyOnboardingInput } from '../../contracts/onboarding-steps.ts';
import { verifyOnboarding } from '../../core/onboarding/verify-onboarding.ts';

export const handler = defineStep({
  name: 'verify-onboarding',
  input: VerifyOnboardingInput,
  output: OnboardingResult,
  ports: { trello },
  records: ['people', 'runs'],
  run: ({ run, refused }, deps) => verifyOnboarding(run, deps, refused),
});

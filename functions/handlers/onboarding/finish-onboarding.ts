import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { FinishOnboardingInput, FinishOnboardingOutput } from '../../contracts/onboarding-steps.ts';
import { finishOnboarding } from '../../core/onboarding/finish-onboarding.ts';

export const handler = defineStep({
  name: 'finish-onboarding',
  input: FinishOnboardingInput,
  output: FinishOnboardingOutput,
  ports: { notifier },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: ({ run, end }, deps) => finishOnboarding(run, end, deps),
});

import { BeginOnboardingInput, BeginOnboardingOutput } from '../../contracts/onboarding-steps.ts';
import { beginOnboarding } from '../../core/onboarding/begin-onboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'begin-onboarding',
  input: BeginOnboardingInput,
  output: BeginOnboardingOutput,
  ports: {},
  run: ({ detail, executionName }, deps) => beginOnboarding(detail, executionName, deps),
});

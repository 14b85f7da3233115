import { defineStep } from '../../composition/define-step.ts';
import { BeginOnboardingInput, BeginOnboardingOutput } from '../../contracts/onboarding-steps.ts';
import { beginOnboarding } from '../../core/onboarding/begin-onboarding.ts';

export const handler = defineStep({
  name: 'begin-onboarding',
  input: BeginOnboardingInput,
  output: BeginOnboardingOutput,
  ports: {},
  records: ['people', 'runs'],
  run: ({ detail, executionName }, deps) => beginOnboarding(detail, executionName, deps),
});

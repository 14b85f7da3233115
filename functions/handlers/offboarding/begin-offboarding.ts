import { BeginOffboardingInput, BeginOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { beginOffboarding } from '../../core/offboarding/begin-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'begin-offboarding',
  input: BeginOffboardingInput,
  output: BeginOffboardingOutput,
  run: ({ detail, executionName }, deps) => beginOffboarding(detail, executionName, deps),
});

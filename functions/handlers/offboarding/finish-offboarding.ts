import { FinishOffboardingInput, FinishOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { finishFailedBegin, finishOffboarding } from '../../core/offboarding/finish-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'finish-offboarding',
  input: FinishOffboardingInput,
  output: FinishOffboardingOutput,
  run: (input, deps) =>
    'run' in input
      ? finishOffboarding(input.run, input.end, deps)
      : finishFailedBegin(input.detail, input.executionName, input.end, deps),
});

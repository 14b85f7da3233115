import { FinishOffboardingInput, FinishOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { finishOffboarding } from '../../core/offboarding/finish-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'finish-offboarding',
  input: FinishOffboardingInput,
  output: FinishOffboardingOutput,
  run: ({ run, end }, deps) => finishOffboarding(run, end, deps),
});

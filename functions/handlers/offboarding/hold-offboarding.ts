import { HoldOffboardingInput, HoldOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { holdOffboarding } from '../../core/guard/hold-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

export const handler = defineStep({
  name: 'hold-offboarding',
  input: HoldOffboardingInput,
  output: HoldOffboardingOutput,
  ports: { notifier, workflow },
  run: async (input, deps) => {
    await holdOffboarding(input, deps);
    return {};
  },
});

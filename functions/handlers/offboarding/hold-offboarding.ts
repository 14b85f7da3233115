import { defineStep } from '../../composition/define-step.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { HoldOffboardingInput, HoldOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { holdOffboarding } from '../../core/guard/hold-offboarding.ts';

export const handler = defineStep({
  name: 'hold-offboarding',
  input: HoldOffboardingInput,
  output: HoldOffboardingOutput,
  ports: { notifier, workflow },
  records: [],
  run: async (input, deps) => {
    await holdOffboarding(input, deps);
    return {};
  },
});

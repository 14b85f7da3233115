import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { FinishOffboardingInput, FinishOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { finishFailedBegin, finishOffboarding } from '../../core/offboarding/finish-offboarding.ts';

export const handler = defineStep({
  name: 'finish-offboarding',
  input: FinishOffboardingInput,
  output: FinishOffboardingOutput,
  ports: { notifier, workflow, idp },
  records: ['people', 'runs', 'approvals'],
  run: (input, deps) =>
    'run' in input
      ? finishOffboarding(input.run, input.end, deps)
      : finishFailedBegin(input.detail, input.executionName, input.end, deps),
});

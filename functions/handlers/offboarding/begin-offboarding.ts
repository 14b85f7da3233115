import { BeginOffboardingInput, BeginOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { beginOffboarding } from '../../core/offboarding/begin-offboarding.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { idp } from '../../runtime/providers/idp.ts';
import { notifier } from '../../runtime/providers/notifier.ts';
import { workflow } from '../../runtime/providers/workflow.ts';

export const handler = defineStep({
  name: 'begin-offboarding',
  input: BeginOffboardingInput,
  output: BeginOffboardingOutput,
  ports: { notifier, workflow, idp },
  run: ({ detail, executionName }, deps) => beginOffboarding(detail, executionName, deps),
});

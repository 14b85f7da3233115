import { defineStep } from '../../composition/define-step.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { BeginOffboardingInput, BeginOffboardingOutput } from '../../contracts/offboarding-steps.ts';
import { beginOffboarding } from '../../core/offboarding/begin-offboarding.ts';

export const handler = defineStep({
  name: 'begin-offboarding',
  input: BeginOffboardingInput,
  output: BeginOffboardingOutput,
  ports: { notifier, workflow, idp },
  records: ['people', 'runs', 'audit', 'approvals', 'seatReadings'],
  run: ({ detail, executionName }, deps) => beginOffboarding(detail, executionName, deps),
});

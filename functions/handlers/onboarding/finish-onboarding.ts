import { defineStep } from '../../composition/define-step.ts';
import { leaveSettings } from '../../composition/leave-settings.ts';
import { idp } from '../../composition/providers/idp.ts';
import { notifier } from '../../composition/providers/notifier.ts';
import { trello } from '../../composition/providers/trello.ts';
import { workflow } from '../../composition/providers/workflow.ts';
import { FinishOnboardingInput, FinishOnboardingOutput } from '../../contracts/onboarding-steps.ts';
import { finishOnboarding } from '../../core/onboarding/finish-onboarding.ts';

export const handler = defineStep({
  name: 'finish-onboarding',
  input: FinishOnboardingInput,
  output: FinishOnboardingOutput,
  ports: { notifier, trello, idp, workflow },
  records: ['people', 'runs', 'audit', 'approvals'],
  run: ({ run, end }, deps) => finishOnboarding(run, end, { ...deps, ...leaveSettings(deps) }),
});

import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { MemberDecision, RunOnly } from '../../contracts/onboarding-steps.ts';
import { decideOnboardingPath } from '../../core/onboarding/decide-onboarding-path.ts';

export const handler = defineStep({
  name: 'decide-onboarding-path',
  input: RunOnly,
  output: MemberDecision,
  ports: { trello },
  records: ['people', 'runs'],
  run: ({ run }, deps) => decideOnboardingPath(run, deps),
});

import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { MemberDecision, RunOnly } from '../../contracts/onboarding-steps.ts';
import { inviteToWorkspace } from '../../core/onboarding/invite-to-workspace.ts';

export const handler = defineStep({
  name: 'invite-to-workspace',
  input: RunOnly,
  output: MemberDecision,
  ports: { trello },
  records: ['people', 'runs', 'audit'],
  run: ({ run }, deps) => inviteToWorkspace(run, deps),
});

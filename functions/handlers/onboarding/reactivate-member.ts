import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { MemberIdResult, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { reactivateMember } from '../../core/onboarding/reactivate-member.ts';

export const handler = defineStep({
  name: 'reactivate-member',
  input: RunAndMember,
  output: MemberIdResult,
  ports: { trello },
  records: ['people', 'runs', 'audit'],
  run: ({ run, memberId }, deps) => reactivateMember(run, memberId, deps),
});

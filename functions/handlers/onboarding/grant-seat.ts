import { defineStep } from '../../composition/define-step.ts';
import { trello } from '../../composition/providers/trello.ts';
import { MemberIdResult, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { grantSeat } from '../../core/onboarding/grant-seat.ts';

export const handler = defineStep({
  name: 'grant-seat',
  input: RunAndMember,
  output: MemberIdResult,
  ports: { trello },
  records: ['people', 'runs', 'audit'],
  run: ({ run, memberId }, deps) => grantSeat(run, memberId, deps),
});

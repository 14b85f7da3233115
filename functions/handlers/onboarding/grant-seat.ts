import { MemberIdResult, RunAndMember } from '../../contracts/onboarding-steps.ts';
import { grantSeat } from '../../core/onboarding/grant-seat.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'grant-seat',
  input: RunAndMember,
  output: MemberIdResult,
  ports: { trello },
  run: ({ run, memberId }, deps) => grantSeat(run, memberId, deps),
});

import { DeactivateMemberOutput, LeaverMemberInput } from '../../contracts/offboarding-steps.ts';
import { deactivateMember } from '../../core/offboarding/deactivate-member.ts';
import { defineStep } from '../../runtime/define-step.ts';

export const handler = defineStep({
  name: 'deactivate-member',
  input: LeaverMemberInput,
  output: DeactivateMemberOutput,
  run: ({ run, memberId }, deps) => deactivateMember(run, memberId, deps),
});

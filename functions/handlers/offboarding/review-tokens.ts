import { LeaverMemberInput, ReviewTokensOutput } from '../../contracts/offboarding-steps.ts';
import { reviewTokens } from '../../core/offboarding/review-tokens.ts';
import { defineStep } from '../../runtime/define-step.ts';
import { atlassianTokens, idp } from '../../runtime/providers/idp.ts';
import { trello } from '../../runtime/providers/trello.ts';

export const handler = defineStep({
  name: 'review-tokens',
  input: LeaverMemberInput,
  output: ReviewTokensOutput,
  ports: { trello, idp, atlassianTokens },
  run: ({ run, memberId }, deps) => reviewTokens(run, memberId, deps),
});

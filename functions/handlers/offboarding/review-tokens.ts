import { defineStep } from '../../composition/define-step.ts';
import { atlassianTokens, idp } from '../../composition/providers/idp.ts';
import { trello } from '../../composition/providers/trello.ts';
import { LeaverMemberInput, ReviewTokensOutput } from '../../contracts/offboarding-steps.ts';
import { reviewTokens } from '../../core/offboarding/review-tokens.ts';

export const handler = defineStep({
  name: 'review-tokens',
  input: LeaverMemberInput,
  output: ReviewTokensOutput,
  ports: { trello, idp, atlassianTokens },
  records: ['people', 'runs', 'audit'],
  run: ({ run, memberId }, deps) => reviewTokens(run, memberId, deps),
});

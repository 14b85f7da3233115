/**
 * Review Tokens: what the leaver can still call APIs with (reference/trello/NOTES.md §6).
 * - Trello Power-Up and mobile-session tokens: Trello offers no API to delete another member's
 *   tokens (DELETE works only with a token's value, which Lanyard never holds), so they are
 *   counted here and, when any remain or Trello will not list them, an admin is asked to delete
 *   them in the Enterprise dashboard (Ask Admin To Delete Tokens), then they are counted again.
 * - Atlassian-account API tokens (id.atlassian.com): revoked through the Atlassian Admin API when
 *   the IdP is Atlassian Administration, each one audited.
 */
import { TrelloAuthFailedError, TrelloNotFoundError, TrelloRequestRejectedError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export interface TokenReview {
  trelloTokens: number | null;
  atlassianRevoked: number;
  needsAdminTask: boolean;
}

/** The review with the token task as it stands (see ReviewTokensOutput). */
export interface TokenReviewAnswer extends TokenReview {
  task: 'not-needed' | 'pending';
}

export async function reviewTokens(
  run: RunContext,
  memberId: string | null,
  deps: OffboardingDeps<'people' | 'runs' | 'audit'>,
): Promise<TokenReviewAnswer> {
  await ensureCurrentRun(run, deps);
  const trelloTokens = memberId === null ? 0 : await countTrelloTokens(memberId, deps);
  const atlassianRevoked = await revokeAtlassianTokens(run, deps);
  const needsAdminTask = !run.dryRun && (trelloTokens === null || trelloTokens > 0);
  const trelloPart =
    trelloTokens === null
      ? 'Trello would not list their tokens'
      : `${trelloTokens} Trello token(s) (Power-Up / mobile session)`;
  await recordStep(
    run,
    deps,
    'review-tokens',
    run.dryRun ? 'planned' : 'done',
    `${trelloPart}; ${atlassianRevoked} Atlassian API token(s) ${run.dryRun ? 'would be ' : ''}revoked${needsAdminTask ? '; an admin must delete the Trello tokens in the Enterprise dashboard' : ''}`,
  );
  return { trelloTokens, atlassianRevoked, needsAdminTask, task: needsAdminTask ? 'pending' : 'not-needed' };
}

/** Null when Trello refuses to list another member's tokens (whether an admin may is UNVERIFIED). */
export async function countTrelloTokens(
  memberId: string,
  deps: OffboardingDeps<never>,
): Promise<number | null> {
  try {
    return (await deps.trello.memberTokens(memberId)).length;
  } catch (error) {
    if (
      error instanceof TrelloAuthFailedError ||
      error instanceof TrelloNotFoundError ||
      error instanceof TrelloRequestRejectedError
    ) {
      return null;
    }
    throw error;
  }
}

async function revokeAtlassianTokens(run: RunContext, deps: OffboardingDeps<'audit'>): Promise<number> {
  if (deps.atlassianTokens === null || deps.idp === null) return 0;
  const user = await deps.idp.findUser(run.person.email);
  if (user === null) return 0;
  const tokens = await deps.atlassianTokens.listApiTokens(user.id);
  if (run.dryRun) return tokens.length;
  let revoked = 0;
  for (const token of tokens) {
    const answer = await auditedChange(
      run,
      deps,
      {
        action: 'revoke-atlassian-token',
        target: `atlassian-token:${token.id}`,
        detail: `revoke Atlassian API token "${token.label}" of ${run.person.email}`,
      },
      () => deps.atlassianTokens?.revokeApiToken(user.id, token.id) ?? Promise.resolve('already' as const),
    );
    if (answer === 'revoked') revoked += 1;
  }
  return revoked;
}

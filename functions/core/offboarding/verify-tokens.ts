/**
 * Verify Tokens: after the admin task (or without one), count the leaver's Trello tokens again
 * where Trello lets Lanyard read them. The run records what is true: revoked by API, deleted by
 * an admin (confirmed by the read when possible), or still there.
 */
import { ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';
import { countTrelloTokens, type TokenReview } from './review-tokens.ts';

export interface TokenOutcome {
  revokedByApi: number;
  deletedByAdmin: boolean;
  remaining: number | null;
  detail: string;
}

export async function verifyTokens(
  run: RunContext,
  memberId: string | null,
  task: 'approved' | 'rejected' | 'not-needed',
  review: TokenReview,
  deps: OffboardingDeps<'people' | 'runs'>,
): Promise<TokenOutcome> {
  await ensureCurrentRun(run, deps);
  const remaining =
    task === 'not-needed'
      ? (review.trelloTokens ?? null)
      : memberId === null
        ? 0
        : await countTrelloTokens(memberId, deps);
  const deletedByAdmin =
    task === 'approved' && remaining !== null && remaining === 0 && (review.trelloTokens ?? 1) > 0;
  const parts = [`${review.atlassianRevoked} Atlassian API token(s) revoked by API`];
  if (task === 'approved') {
    parts.push(
      remaining === null
        ? 'an admin reports the Trello tokens deleted in the dashboard; Trello would not list them to confirm'
        : remaining === 0
          ? 'an admin deleted the Trello tokens in the dashboard (confirmed: none left)'
          : `an admin reported the task done but Trello still lists ${remaining} token(s)`,
    );
  } else if (task === 'rejected') {
    parts.push(
      `the dashboard task was declined or expired: ${remaining ?? 'an unknown number of'} Trello token(s) remain`,
    );
  } else {
    parts.push(remaining === 0 ? 'no Trello tokens' : `${remaining ?? 'unknown'} Trello token(s)`);
  }
  const detail = parts.join('; ');
  await recordStep(run, deps, 'verify-tokens', remaining === 0 || run.dryRun ? 'done' : 'failed', detail);
  return { revokedByApi: review.atlassianRevoked, deletedByAdmin, remaining, detail };
}

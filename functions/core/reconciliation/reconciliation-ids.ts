/**
 * The ids and names the reconciliation's steps, API and console share (apart from its deps, so
 * importing them brings in no port).
 */
import pLimit from 'p-limit';
import type { IdentityProvider } from '../../ports/identity-provider.ts';
import type { IdpReading } from './classify-drift.ts';

export function reconciliationRunId(reconciliationId: string): string {
  return `reconciliation:${reconciliationId}`;
}

/** The one approval of a reconciliation's fixes. */
export function fixApprovalId(reconciliationId: string): string {
  return `${reconciliationRunId(reconciliationId)}:fix`;
}

/**
 * The batch a page's findings are written under (the records count each finding once, for the
 * first batch that wrote it): the pass and the page's first member, person or HR row, the same on
 * every try of that page. An empty page finds nothing, so its name is never used.
 */
export function findingBatch(pass: string, first: string | undefined): string {
  return `${pass}:${first ?? 'empty'}`;
}

export {
  type PeoplePass,
  PeoplePasses,
  type TrelloPass,
  TrelloPasses,
} from '../model/reconciliation-passes.ts';

/**
 * IdP reads in flight at once for one page: a page of 100 deactivated members must not become 100
 * concurrent calls against the IdP's own rate limits (reference/idp/NOTES.md; the adapters retry
 * its 429s, the step retries what outlasts them).
 */
export const IDP_READ_CONCURRENCY = 8;

/** Reads what the IdP says of an email, a few at a time; `undefined` when no IdP is configured (not asked). */
export function idpReader(provider: IdentityProvider | null): (email: string) => Promise<IdpReading> {
  const limit = pLimit(IDP_READ_CONCURRENCY);
  return (email) => (provider === null ? Promise.resolve(undefined) : limit(() => provider.findUser(email)));
}

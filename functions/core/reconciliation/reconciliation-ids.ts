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
 * IdP reads in flight at once for one page (of up to 100 members or people). The only concurrency
 * figure the providers publish is Okta's: 75 concurrent transactions per org for API traffic
 * (reference/idp/NOTES.md §2); 25 is a third of it, leaving the rest to the offboardings' cuts and
 * the org's other API clients. It also bounds a page in time: 100 reads are 4 rounds of at most
 * IDP_TIMEOUT_MS (15 s) each, so a page begun at the end of Read Trello Members' 30 s budget still
 * ends inside its 120 s Lambda timeout (at 8, 13 rounds could not). The providers' published
 * rates (Okta's per-minute reads, Google's 2,400 queries a minute, Graph's write quota) are kept
 * by the IdP adapter, not here: every IdP call takes a slot of the shared pacer
 * (adapters/idp/idp-pacing.ts), and a reconciliation's reads give way to offboardings' cuts. A read
 * whose slot cannot come within its step's time throws IdpBusyError (nothing sent), and the step's
 * Retry (idpBusy) tries the page again later.
 */
export const IDP_READ_CONCURRENCY = 25;

/** Reads what the IdP says of an email, a few at a time; `undefined` when no IdP is configured (not asked). */
export function idpReader(provider: IdentityProvider | null): (email: string) => Promise<IdpReading> {
  const limit = pLimit(IDP_READ_CONCURRENCY);
  return (email) => (provider === null ? Promise.resolve(undefined) : limit(() => provider.findUser(email)));
}

/**
 * Atlassian-account API tokens of a managed user (id.atlassian.com tokens that sign scripts into
 * Jira, Confluence and Trello's Atlassian APIs — not Trello Power-Up tokens). Offboarding lists and
 * revokes them so a leaver's scripts stop working with their account. Rules:
 * reference/idp/NOTES.md §1.1.
 */

export interface AtlassianApiToken {
  id: string;
  /** The name the user gave the token ("CI pipeline"), for the audit trail. */
  label: string;
}

export interface AtlassianApiTokens {
  /** The user's API tokens (none → empty list). */
  listApiTokens(accountId: string): Promise<AtlassianApiToken[]>;
  /** Revokes one token. Idempotent: a token that is already gone answers `already`. */
  revokeApiToken(accountId: string, tokenId: string): Promise<'revoked' | 'already'>;
}

/**
 * The identity provider that signs people into Trello (Okta, Microsoft Entra, Google Workspace,
 * Atlassian Administration, or any SCIM 2.0 service provider). Offboarding cuts a leaver off here
 * after Trello; rehire restores them. Rules per provider: reference/idp/NOTES.md.
 *
 * Scope is a choice with a blast radius (NOTES.md §6):
 * - `sign-in`: the narrowest cut that stops SSO into Trello (e.g. Atlassian directory suspend,
 *   Okta suspend, Entra accountEnabled=false + revoke sessions). The default.
 * - `account`: the whole account everywhere the provider reaches (e.g. Atlassian account
 *   lifecycle disable, which also cuts Jira and Confluence; Okta deactivate, which deprovisions
 *   every assigned app). Only after an approval that states {@link IdentityProvider.blastRadius}.
 */

export const IdpKinds = ['okta', 'entra', 'google', 'atlassian', 'scim'] as const;
export type IdpKind = (typeof IdpKinds)[number];

export type IdpScope = 'sign-in' | 'account';

export interface IdpUser {
  /** The provider's own user id (Okta id, Graph object id, Google id, Atlassian account id, SCIM id). */
  id: string;
  email: string;
  /** Whether the user can sign in at `sign-in` scope (false once suspended/disabled). */
  active: boolean;
  /** The provider's raw status word, for the run report (`ACTIVE`, `SUSPENDED`, `suspended: true`…). */
  status: string;
}

export type IdpChange = 'changed' | 'already';

export interface IdentityProvider {
  readonly kind: IdpKind;
  /** Finds the user by exact email (case-insensitive); null when the provider has none. */
  findUser(email: string): Promise<IdpUser | null>;
  /** Reads the user again by id (for read-back after a change); null when gone. */
  getUser(id: string): Promise<IdpUser | null>;
  /**
   * Cuts the user off at `scope` and ends their sessions where the provider allows. Idempotent:
   * a user already in the target state answers `already` and nothing is written.
   */
  deactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange>;
  /** Undoes {@link deactivate} at `scope` (rehire). Idempotent like deactivate. */
  reactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange>;
  /** Whether the user is cut off at `scope` (read-back for verification). */
  isDeactivated(user: IdpUser, scope: IdpScope): Promise<boolean>;
  /** One sentence an approver reads: what `scope` cuts with this provider. */
  blastRadius(scope: IdpScope): string;
}

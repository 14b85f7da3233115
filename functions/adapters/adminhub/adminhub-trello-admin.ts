/**
 * The Trello port of an Enterprise managed in Atlassian Administration (AdminHub). Trello refuses
 * its own license revocation and deactivation there (reference/trello/NOTES.md §4, §8.2), so:
 * - seats are Trello product access, given and taken through the Trello access group
 *   ({@link AtlassianOrgAccess}); deactivation is the directory's suspend, reactivation its restore;
 * - everything else — member lookups and queries, seat counts, Workspaces, boards, tokens,
 *   consolidation — is Trello's REST API as for any Enterprise (those endpoints still exist for
 *   AdminHub-managed Enterprises; only the writes above are refused).
 * A seat or deactivation change finds the person's account through the organization's directory
 * (by the email Trello shows), writes there, and reads the account back there; the workflows then
 * read Trello back as for any Enterprise, so a change Trello does not show yet (UNVERIFIED how soon
 * it does) is tried again, never reported done. Lookups and reads stay Trello's: every step can
 * make them without the AdminHub secret, which only the seat and deactivation steps are granted
 * (step-catalog.ts `adminHubSecret`); the Atlassian half is built on its first use.
 */
import {
  AdminHubManagedError,
  ProvisioningNotVerifiedError,
  SeatsExhaustedError,
  TrelloRequestRejectedError,
} from '../../core/errors.ts';
import type { LicenseWriteResult, TrelloAdmin, WorkspaceMemberType } from '../../ports/trello-admin.ts';
import type { AtlassianAccount, AtlassianOrgAccess } from './atlassian-org-access.ts';

/** The Trello side the AdminHub port needs beyond the port: the member's email, to find their account. */
export interface TrelloSide extends TrelloAdmin {
  memberEmail(memberId: string): Promise<string | null>;
}

export class AdminHubTrelloAdmin implements TrelloAdmin {
  constructor(
    private readonly trello: TrelloSide,
    private readonly atlassian: () => Promise<AtlassianOrgAccess>,
  ) {}

  findMemberByEmail: TrelloAdmin['findMemberByEmail'] = (email) => this.trello.findMemberByEmail(email);

  /** Grant: into the Trello access group. Revoke: out of it (the seat is free; no deactivation is claimed). */
  async setLicensed(memberId: string, licensed: boolean): Promise<LicenseWriteResult> {
    const { access, account } = await this.accountOf(
      memberId,
      licensed ? 'grant a seat to' : 'free the seat of',
      TrelloRequestRejectedError,
    );
    if (licensed) {
      // The seat gate: Trello's own grant refuses when every seat is taken, and the onboarding
      // queues the hire on that refusal. What Atlassian answers a group add past the Enterprise's
      // licenses is not documented (UNVERIFIED), so the seats are read first, from Trello as for
      // every other seat reading; a grant racing another past this read fails that run instead.
      const seats = await this.trello.seats();
      if (seats.available === 0) {
        throw new SeatsExhaustedError(
          `No Trello Enterprise seat is free to grant ${account.email} (${seats.used} of ${seats.max} in use). ` +
            'Add seats or reclaim idle ones, then retry.',
        );
      }
      await access.grantTrelloAccess(account.accountId);
    } else {
      await access.removeTrelloAccess(account.accountId);
    }
    // Atlassian's answer says nothing of Trello's flags: callers read the member back.
    return { deactivated: null };
  }

  /**
   * Deactivate: the directory's suspend. Reactivate: its restore; a member Trello deactivated while
   * Atlassian does not suspend them (deactivated before AdminHub took over) is reactivated through
   * Trello, whose reactivation AdminHub does not refuse (NOTES §8.2 names only the two writes).
   */
  async setDeactivated(memberId: string, deactivated: boolean): Promise<void> {
    const { access, account } = await this.accountOf(
      memberId,
      deactivated ? 'deactivate' : 'reactivate',
      AdminHubManagedError,
    );
    if (deactivated) {
      if (account.suspended) return;
      await access.suspend(account.accountId);
      // Read back where it was written: the cut is not done until Atlassian shows the suspend.
      if (!(await access.findAccount(account.email))?.suspended) {
        throw new ProvisioningNotVerifiedError(
          `Atlassian Administration does not show ${account.email} suspended after the suspend: trying again`,
        );
      }
      return;
    }
    if (account.suspended) await access.restore(account.accountId);
    else await this.trello.setDeactivated(memberId, false);
  }

  /**
   * The member's Atlassian account, by the email Trello shows for them. No email, or no account in
   * the organization's directory: Atlassian cannot act on them, which only a person can settle —
   * for a seat a refusal of that one person (a sweep goes on with the others), for a deactivation
   * the cut's refusal (AdminHubManagedError: the offboarding says access remains and alarms).
   */
  private async accountOf(
    memberId: string,
    verb: string,
    Refusal: typeof AdminHubManagedError | typeof TrelloRequestRejectedError,
  ): Promise<{ access: AtlassianOrgAccess; account: AtlassianAccount }> {
    const email = await this.trello.memberEmail(memberId);
    if (email === null) {
      throw new Refusal(
        `Could not ${verb} Trello member ${memberId} in Atlassian Administration: Trello shows no email for them, so ` +
          'their Atlassian account cannot be found. Only managed accounts (on a domain the organization verified) can ' +
          'be changed; do it by hand in admin.atlassian.com',
      );
    }
    const access = await this.atlassian();
    const account = await access.findAccount(email);
    if (account === null) {
      throw new Refusal(
        `Could not ${verb} ${email} (Trello member ${memberId}): the organization's directory in Atlassian ` +
          'Administration has no account with that email. Check that the account is managed by this organization ' +
          '(admin.atlassian.com → Directory → Users) and do it there by hand',
      );
    }
    return { access, account };
  }

  // Everything below is Trello's own API, unchanged under AdminHub.

  queryMembers: TrelloAdmin['queryMembers'] = (query, cursor) => this.trello.queryMembers(query, cursor);
  seats: TrelloAdmin['seats'] = () => this.trello.seats();
  workspaceMembers: TrelloAdmin['workspaceMembers'] = (id) => this.trello.workspaceMembers(id);
  memberWorkspaceIds: TrelloAdmin['memberWorkspaceIds'] = (id) => this.trello.memberWorkspaceIds(id);
  addToWorkspace = (workspaceId: string, memberId: string, type: WorkspaceMemberType) =>
    this.trello.addToWorkspace(workspaceId, memberId, type);
  inviteToWorkspace: TrelloAdmin['inviteToWorkspace'] = (id, invitee, type) =>
    this.trello.inviteToWorkspace(id, invitee, type);
  removeFromWorkspace: TrelloAdmin['removeFromWorkspace'] = (workspaceId, memberId) =>
    this.trello.removeFromWorkspace(workspaceId, memberId);
  memberBoards: TrelloAdmin['memberBoards'] = (id) => this.trello.memberBoards(id);
  boardMemberships: TrelloAdmin['boardMemberships'] = (id) => this.trello.boardMemberships(id);
  soleAdminBoards: TrelloAdmin['soleAdminBoards'] = (id) => this.trello.soleAdminBoards(id);
  setBoardMemberType: TrelloAdmin['setBoardMemberType'] = (boardId, memberId, type) =>
    this.trello.setBoardMemberType(boardId, memberId, type);
  memberTokens: TrelloAdmin['memberTokens'] = (id) => this.trello.memberTokens(id);
  deleteToken: TrelloAdmin['deleteToken'] = (value) => this.trello.deleteToken(value);
  claimableWorkspaces: TrelloAdmin['claimableWorkspaces'] = () => this.trello.claimableWorkspaces();
  pendingWorkspaces: TrelloAdmin['pendingWorkspaces'] = () => this.trello.pendingWorkspaces();
  transferWorkspace: TrelloAdmin['transferWorkspace'] = (id) => this.trello.transferWorkspace(id);
}

/**
 * What Lanyard needs from a Trello Enterprise, in the domain's words. The HTTP adapter
 * (functions/adapters/trello) maps these onto Trello's REST API (shared/reference/trello),
 * paces them under the rate limits and turns failures into the named errors of core/errors.
 */

/** One person as the Enterprise sees them (Trello's `Membership` row of `/members/query`). */
export interface EnterpriseMember {
  memberId: string;
  /** Null when Trello hides the email (not managed by this Enterprise). */
  email: string | null;
  fullName: string;
  username: string;
  /** Owned by the Enterprise (claimed domain or SSO), licensed or not. */
  managed: boolean;
  /** Holds one of the Enterprise's paid seats. */
  licensed: boolean;
  deactivated: boolean;
  /** Guest on at least one Enterprise board without a license. */
  collaborator: boolean;
  enterpriseAdmin: boolean;
  /** False for an invitee who has not created their account yet. */
  confirmed: boolean;
  /** Trello's `dateLastImpression`: the only activity timestamp the API exposes. */
  lastActiveAt: string | null;
}

/** What Trello's answer to a license write shows (its `Member` body). */
export interface LicenseWriteResult {
  /**
   * The answer lists this Enterprise in the member's `idEnterprisesDeactivated` (a revoke
   * deactivates, Trello's rule); null when the answer does not carry the field.
   */
  deactivated: boolean | null;
}

export interface SeatCount {
  /** Seats purchased; null when Trello records no cap. */
  max: number | null;
  used: number;
  /** max − used, never negative; null when there is no cap. */
  available: number | null;
}

/** Association filters of `/members/query`. Trello refuses `false` (TRELLO-1112), so only `true` exists here. */
export interface MemberQuery {
  licensed?: true;
  deactivated?: true;
  collaborator?: true;
  managed?: true;
  admin?: true;
  /** YYYY-MM-DD, inclusive. */
  activeSince?: string;
  /** YYYY-MM-DD: not active since that day. */
  inactiveSince?: string;
  /** Prefix of email or full name. */
  search?: string;
}

export interface MemberPage {
  members: EnterpriseMember[];
  /** Pass back to get the next page; null on the last page. */
  nextCursor: string | null;
}

export type WorkspaceMemberType = 'normal' | 'admin';
export type BoardMemberType = 'admin' | 'normal' | 'observer';
export type BoardVisibility = 'private' | 'org' | 'enterprise' | 'public';

export interface WorkspaceMember {
  memberId: string;
  fullName: string;
  username: string;
}

export interface Board {
  id: string;
  name: string;
  workspaceId: string | null;
  visibility: BoardVisibility | null;
  url: string | null;
  closed: boolean;
}

export interface BoardMembership {
  membershipId: string;
  memberId: string;
  type: BoardMemberType;
  deactivated: boolean;
  unconfirmed: boolean;
}

/** A board on which the member is the only active admin. */
export interface SoleAdminBoard {
  board: Board;
  /** Other active members, who could be promoted. */
  otherMembers: BoardMembership[];
}

export interface MemberToken {
  id: string;
  /** The application the token was issued to (e.g. a Power-Up's name). */
  identifier: string;
  createdAt: string | null;
  expiresAt: string | null;
  /** True when any permission allows writes. */
  canWrite: boolean;
}

export interface ClaimableWorkspace {
  id: string;
  name: string;
  displayName: string;
  activeMemberCount: number;
  lastActiveAt: string | null;
}

export interface PendingWorkspace {
  id: string;
  displayName: string;
  memberCount: number;
  transferrable: boolean;
  /** Members who would take a seat if the Workspace joined the Enterprise. */
  newBillableMemberIds: string[];
}

export interface TrelloAdmin {
  /** Finds the Enterprise's view of a person by exact (case-insensitive) email; Trello only offers a prefix search. */
  findMemberByEmail(email: string): Promise<EnterpriseMember | null>;
  /** One page of the Enterprise's members; at least one association flag must be set. */
  queryMembers(query: MemberQuery, cursor?: string | null): Promise<MemberPage>;
  seats(): Promise<SeatCount>;

  /** Grant (true) or revoke (false) a seat. Revoking also deactivates (Trello's rule). */
  setLicensed(memberId: string, licensed: boolean): Promise<LicenseWriteResult>;
  /** Deactivate frees the seat and keeps the person on their cards; reactivate does not re-license. */
  setDeactivated(memberId: string, deactivated: boolean): Promise<void>;

  workspaceMembers(workspaceId: string): Promise<WorkspaceMember[]>;
  /** The Workspaces the member belongs to (one small read, whatever the Workspaces' sizes). */
  memberWorkspaceIds(memberId: string): Promise<string[]>;
  /** Adds an existing account; in an Enterprise Workspace this grants a seat. */
  addToWorkspace(workspaceId: string, memberId: string, type: WorkspaceMemberType): Promise<void>;
  /** Invites by email (creates an unconfirmed account when none exists). */
  inviteToWorkspace(
    workspaceId: string,
    invitee: { email: string; fullName: string },
    type: WorkspaceMemberType,
  ): Promise<void>;
  removeFromWorkspace(workspaceId: string, memberId: string): Promise<void>;

  /** The member's open boards. */
  memberBoards(memberId: string): Promise<Board[]>;
  boardMemberships(boardId: string): Promise<BoardMembership[]>;
  /** Open boards the member administers where no other active admin is left (the member's own admin membership may already be deactivated). */
  soleAdminBoards(memberId: string): Promise<SoleAdminBoard[]>;
  setBoardMemberType(boardId: string, memberId: string, type: BoardMemberType): Promise<void>;

  memberTokens(memberId: string): Promise<MemberToken[]>;
  /** Deletes a token by its value: only possible for tokens whose value Lanyard holds. */
  deleteToken(tokenValue: string): Promise<void>;

  claimableWorkspaces(): Promise<ClaimableWorkspace[]>;
  pendingWorkspaces(): Promise<PendingWorkspace[]>;
  /** Brings a Workspace into the Enterprise; its members are licensed while seats last. */
  transferWorkspace(workspaceId: string): Promise<void>;
}

/**
 * The whole TrelloAdmin port in memory, for unit tests of use cases that take it (sweeps, movers,
 * leave, consolidation): the members of InMemoryTrelloMembers, listed in pages, plus Workspace
 * memberships and boards. `pageSize` pages `queryMembers` by position, as a cursor that moves when
 * rows leave the listing would (Trello does not say how its cursor behaves: NOTES §2), and
 * `inactiveSince` is honoured. `refuseWorkspaces` makes an add or an invite to a Workspace throw (e.g.
 * WorkspaceRestrictedError); `failQuery` makes the next listing throw. The calls a use case makes
 * that change Trello are in `writes`; a method no unit test needs yet throws, naming itself.
 */
import type {
  Board,
  BoardMembership,
  BoardMemberType,
  ClaimableWorkspace,
  MemberPage,
  MemberQuery,
  MemberToken,
  PendingWorkspace,
  SoleAdminBoard,
  TrelloAdmin,
  WorkspaceMember,
  WorkspaceMemberType,
} from '../../../functions/ports/trello-admin.ts';
import { InMemoryTrelloMembers } from './in-memory-trello-members.ts';

export class InMemoryTrello extends InMemoryTrelloMembers implements TrelloAdmin {
  pageSize = 100;
  failQuery: Error | null = null;
  /** Member ids by Workspace id. */
  readonly workspaces = new Map<string, Set<string>>();
  readonly boards: Board[] = [];
  readonly boardMembers = new Map<string, BoardMembership[]>();
  readonly refuseWorkspaces = new Map<string, Error>();
  readonly claimable: ClaimableWorkspace[] = [];
  readonly pending: PendingWorkspace[] = [];
  /** Power-Up and mobile-session tokens by member id. */
  readonly tokens = new Map<string, MemberToken[]>();
  refuseTokens: Error | null = null;
  /** Invitations Trello accepts but creates no account for. */
  ignoreInvites = false;
  /** Workspaces whose transfer Trello accepts but does not carry out. */
  readonly ignoreTransfers = new Set<string>();

  /** Puts the member in each Workspace. */
  join(memberId: string, ...workspaceIds: string[]): void {
    for (const id of workspaceIds) {
      const members = this.workspaces.get(id) ?? new Set();
      members.add(memberId);
      this.workspaces.set(id, members);
    }
  }

  /** An open board in `workspaceId` (private unless told) with the member as `type`; a board already added gains the member. */
  addBoard(
    board: { id: string; name: string; workspaceId: string; visibility?: Board['visibility']; url?: string },
    memberId: string,
    type: BoardMemberType,
  ): void {
    if (!this.boards.some((b) => b.id === board.id))
      this.boards.push({ visibility: 'private', url: null, closed: false, ...board });
    this.boardMembers.set(board.id, [
      ...(this.boardMembers.get(board.id) ?? []),
      { membershipId: `${board.id}-${memberId}`, memberId, type, deactivated: false, unconfirmed: false },
    ]);
  }

  override async queryMembers(query: MemberQuery, cursor: string | null = null): Promise<MemberPage> {
    if (this.failQuery) {
      const error = this.failQuery;
      this.failQuery = null;
      throw error;
    }
    const { members } = await super.queryMembers(query);
    const listed = members.filter(
      (m) =>
        query.inactiveSince === undefined ||
        m.lastActiveAt === null ||
        m.lastActiveAt.slice(0, 10) < query.inactiveSince,
    );
    const start = cursor === null ? 0 : Number(cursor);
    const end = start + this.pageSize;
    return { members: listed.slice(start, end), nextCursor: end < listed.length ? String(end) : null };
  }

  async workspaceMembers(workspaceId: string): Promise<WorkspaceMember[]> {
    return [...(this.workspaces.get(workspaceId) ?? [])].map((memberId) => ({
      memberId,
      fullName: this.members.get(memberId)?.fullName ?? memberId,
      username: this.members.get(memberId)?.username ?? memberId,
    }));
  }

  async memberWorkspaceIds(memberId: string): Promise<string[]> {
    return [...this.workspaces].filter(([, members]) => members.has(memberId)).map(([id]) => id);
  }

  async addToWorkspace(workspaceId: string, memberId: string, type: WorkspaceMemberType): Promise<void> {
    const refusal = this.refuse ?? this.refuseWorkspaces.get(workspaceId);
    if (refusal) throw refusal;
    this.writes.push(`add ${memberId} to ${workspaceId} as ${type}`);
    this.join(memberId, workspaceId);
  }

  /** Creates the invitee's unconfirmed account (unless `ignoreInvites`) and puts it in the Workspace. */
  async inviteToWorkspace(
    workspaceId: string,
    invitee: { email: string; fullName: string },
    type: WorkspaceMemberType,
  ): Promise<void> {
    const refusal = this.refuse ?? this.refuseWorkspaces.get(workspaceId);
    if (refusal) throw refusal;
    this.writes.push(`invite ${invitee.email} to ${workspaceId} as ${type}`);
    if (this.ignoreInvites) return;
    const memberId = `invited-${this.members.size + 1}`;
    this.members.set(memberId, {
      memberId,
      email: invitee.email,
      fullName: invitee.fullName,
      username: memberId,
      managed: true,
      licensed: true,
      deactivated: false,
      collaborator: false,
      enterpriseAdmin: false,
      confirmed: false,
      lastActiveAt: null,
    });
    this.join(memberId, workspaceId);
  }

  async removeFromWorkspace(workspaceId: string, memberId: string): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.writes.push(`remove ${memberId} from ${workspaceId}`);
    this.workspaces.get(workspaceId)?.delete(memberId);
  }

  async memberBoards(memberId: string): Promise<Board[]> {
    return this.boards
      .filter((b) => this.boardMembers.get(b.id)?.some((m) => m.memberId === memberId))
      .map((b) => ({ ...b }));
  }

  async boardMemberships(boardId: string): Promise<BoardMembership[]> {
    return (this.boardMembers.get(boardId) ?? []).map((m) => ({ ...m }));
  }

  async soleAdminBoards(memberId: string): Promise<SoleAdminBoard[]> {
    const active = (m: BoardMembership) => !m.deactivated && !m.unconfirmed;
    return this.boards.flatMap((board) => {
      const memberships = this.boardMembers.get(board.id) ?? [];
      const admins = memberships.filter((m) => m.type === 'admin' && active(m));
      const mine = memberships.some((m) => m.memberId === memberId && m.type === 'admin');
      if (board.closed || !mine || admins.some((m) => m.memberId !== memberId)) return [];
      const otherMembers = memberships
        .filter((m) => m.memberId !== memberId && active(m))
        .map((m) => ({ ...m }));
      return [{ board: { ...board }, otherMembers }];
    });
  }

  /** Makes the member `type` on the board (adding them when they are not on it). */
  async setBoardMemberType(boardId: string, memberId: string, type: BoardMemberType): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.writes.push(`make ${memberId} ${type} of ${boardId}`);
    if (this.ignoreWrites) return;
    const memberships = this.boardMembers.get(boardId) ?? [];
    const existing = memberships.find((m) => m.memberId === memberId);
    if (existing) existing.type = type;
    else
      memberships.push({
        membershipId: `${boardId}-${memberId}`,
        memberId,
        type,
        deactivated: false,
        unconfirmed: false,
      });
    this.boardMembers.set(boardId, memberships);
  }

  /** The member's tokens; `refuseTokens` makes the listing throw (Trello not letting an admin read them). */
  async memberTokens(memberId: string): Promise<MemberToken[]> {
    if (this.refuseTokens) throw this.refuseTokens;
    return (this.tokens.get(memberId) ?? []).map((t) => ({ ...t }));
  }

  async deleteToken(): Promise<void> {
    throw new Error('InMemoryTrello.deleteToken is not in this fake');
  }

  async claimableWorkspaces(): Promise<ClaimableWorkspace[]> {
    return this.claimable.map((w) => ({ ...w }));
  }

  async pendingWorkspaces(): Promise<PendingWorkspace[]> {
    return this.pending.map((w) => ({ ...w, newBillableMemberIds: [...w.newBillableMemberIds] }));
  }

  /** Takes the Workspace out of the claimable and pending lists, licensing its new billable members while seats last. */
  async transferWorkspace(workspaceId: string): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.writes.push(`transfer ${workspaceId}`);
    if (this.ignoreTransfers.has(workspaceId)) return;
    const pending = this.pending.find((w) => w.id === workspaceId);
    for (const memberId of pending?.newBillableMemberIds ?? []) {
      const member = this.members.get(memberId);
      if (member && (await this.seats()).available !== 0) member.licensed = true;
    }
    for (const list of [this.claimable, this.pending] as Array<Array<{ id: string }>>) {
      const at = list.findIndex((w) => w.id === workspaceId);
      if (at >= 0) list.splice(at, 1);
    }
  }
}

/**
 * TrelloAdmin over Trello's REST API (shared/reference/trello). Every method makes the fewest
 * calls that answer it: reads are one request except where Trello's API forces more (paging,
 * per-board admin checks), and nothing here writes without being asked to.
 */
import * as z from 'zod';
import { TrelloResponseInvalidError } from '../../core/errors.ts';
import type {
  Board,
  BoardMembership,
  BoardMemberType,
  BoardVisibility,
  ClaimableWorkspace,
  EnterpriseMember,
  LicenseWriteResult,
  MemberPage,
  MemberQuery,
  MemberToken,
  PendingWorkspace,
  SeatCount,
  SoleAdminBoard,
  TrelloAdmin,
  WorkspaceMember,
  WorkspaceMemberType,
} from '../../ports/trello-admin.ts';
import type { TrelloHttp } from './trello-http.ts';
import * as S from './trello-schemas.ts';

/** Trello's page size for `/members/query` (NOTES §2). */
const QUERY_PAGE_SIZE = 100;
const MEMBERS_QUERY_ROUTE = '/enterprises/{id}/members/query';
/** Trello answers writes with bodies Lanyard does not need; accept anything. */
const Ignored = z.unknown();
const VISIBILITIES = new Set<string>(['private', 'org', 'enterprise', 'public']);

export class TrelloHttpAdmin implements TrelloAdmin {
  constructor(
    private readonly http: TrelloHttp,
    private readonly enterpriseId: string,
  ) {}

  async findMemberByEmail(email: string): Promise<EnterpriseMember | null> {
    const wanted = email.trim().toLowerCase();
    // /members/query needs one association set to true (TRELLO-1112), so look where the person
    // most likely is first: an HR email is on a claimed domain (managed), which answers the usual
    // case in one call. Accounts on unclaimed domains are found among licensed members, board
    // guests or deactivated members; only someone Trello does not know costs all four calls.
    for (const association of [
      { managed: true },
      { licensed: true },
      { collaborator: true },
      { deactivated: true },
    ] as const) {
      // `search` is a prefix match: a common prefix can span many pages. Where the next cursor
      // comes back is UNVERIFIED (NOTES §2), so a Trello that ignores the cursor Lanyard sends would
      // answer the same page for ever: every cursor and every page is remembered, and a repeat
      // stops the lookup with an error instead of looping.
      const query = { ...association, search: wanted };
      const seenCursors = new Set<string>();
      const seenPages = new Set<string>();
      let cursor: string | null = null;
      do {
        const page = await this.queryPage(query, cursor);
        const fingerprint = page.rows.map((row) => row.member.id).join(',');
        if (page.rows.length > 0 && seenPages.has(fingerprint)) {
          throw pagingLoop(`answered the same ${page.rows.length} members again for cursor ${cursor}`);
        }
        seenPages.add(fingerprint);
        const match = page.rows.find((row) => row.member.email?.toLowerCase() === wanted);
        // Only the row that answers the lookup must carry the decisive flags.
        if (match) return toEnterpriseMember(match);
        if (page.nextCursor !== null && seenCursors.has(page.nextCursor)) {
          throw pagingLoop(`gave the cursor ${page.nextCursor} a second time`);
        }
        if (page.nextCursor !== null) seenCursors.add(page.nextCursor);
        cursor = page.nextCursor;
      } while (cursor);
    }
    return null;
  }

  async queryMembers(query: MemberQuery, cursor?: string | null): Promise<MemberPage> {
    const page = await this.queryPage(query, cursor ?? null);
    return { members: page.rows.map(toEnterpriseMember), nextCursor: page.nextCursor };
  }

  /**
   * One page of `/members/query`, its rows as Trello sent them. A page whose next cursor is the
   * cursor just sent means Trello ignored it (the same page would come back for ever): refused
   * here, so every caller that pages (lookups, sweeps, the seat queue) stops instead of looping.
   */
  private async queryPage(
    query: MemberQuery,
    cursor: string | null,
  ): Promise<{ rows: S.Membership[]; nextCursor: string | null }> {
    const body = await this.http.send({
      method: 'GET',
      route: MEMBERS_QUERY_ROUTE,
      path: `/enterprises/${enc(this.enterpriseId)}/members/query`,
      query: { ...query, cursor: cursor ?? undefined },
      schema: S.MembersQueryResponse,
    });
    let page: { rows: S.Membership[]; nextCursor: string | null };
    if (Array.isArray(body)) {
      const last = body.at(-1);
      page = { rows: body, nextCursor: body.length >= QUERY_PAGE_SIZE && last ? last.member.id : null };
    } else {
      page = {
        rows: body.members ?? body.memberships ?? body.users ?? [],
        nextCursor: body.cursor ?? body.nextCursor ?? null,
      };
    }
    if (cursor !== null && page.nextCursor === cursor) {
      throw pagingLoop(`answered cursor ${cursor} with a page whose next cursor is ${cursor} again`);
    }
    if (cursor !== null && page.rows.some((row) => row.member.id === cursor)) {
      throw pagingLoop(`answered cursor ${cursor} with a page that holds member ${cursor} again`);
    }
    return page;
  }

  async seats(): Promise<SeatCount> {
    // `licenses` is not among the documented `fields`, so ask for the default (all) (NOTES §3).
    const enterprise = await this.http.send({
      method: 'GET',
      route: '/enterprises/{id}',
      path: `/enterprises/${enc(this.enterpriseId)}`,
      schema: S.Enterprise,
    });
    const { maxMembers } = enterprise.licenses;
    // An absent count is read as "every purchased seat is used" (trello-schemas.ts `Enterprise`).
    const totalMembers = enterprise.licenses.totalMembers ?? maxMembers ?? 0;
    return {
      max: maxMembers,
      used: totalMembers,
      available: maxMembers === null ? null : Math.max(0, maxMembers - totalMembers),
    };
  }

  async setLicensed(memberId: string, licensed: boolean): Promise<LicenseWriteResult> {
    const answer = await this.http.send({
      method: 'PUT',
      route: '/enterprises/{id}/members/{idMember}/licensed',
      path: `/enterprises/${enc(this.enterpriseId)}/members/${enc(memberId)}/licensed`,
      query: { value: licensed },
      schema: S.LicenseWriteAnswer,
    });
    const deactivatedIn = answer.idEnterprisesDeactivated;
    return { deactivated: deactivatedIn == null ? null : deactivatedIn.includes(this.enterpriseId) };
  }

  async setDeactivated(memberId: string, deactivated: boolean): Promise<void> {
    await this.http.send({
      method: 'PUT',
      route: '/enterprises/{id}/members/{idMember}/deactivated',
      path: `/enterprises/${enc(this.enterpriseId)}/members/${enc(memberId)}/deactivated`,
      query: { value: deactivated },
      schema: Ignored,
    });
  }

  async workspaceMembers(workspaceId: string): Promise<WorkspaceMember[]> {
    const members = await this.http.send({
      method: 'GET',
      route: '/organizations/{id}/members',
      path: `/organizations/${enc(workspaceId)}/members`,
      schema: z.array(S.Member),
    });
    return members.map((m) => ({ memberId: m.id, fullName: m.fullName ?? '', username: m.username ?? '' }));
  }

  async memberWorkspaceIds(memberId: string): Promise<string[]> {
    const member = await this.http.send({
      method: 'GET',
      route: '/enterprises/{id}/members/{idMember}',
      path: `/enterprises/${enc(this.enterpriseId)}/members/${enc(memberId)}`,
      query: { fields: 'id,idOrganizations' },
      schema: S.Member,
    });
    return member.idOrganizations ?? [];
  }

  /**
   * The member's email as the Enterprise sees it (null when Trello hides it). One small read of the
   * same route as {@link memberWorkspaceIds}: the AdminHub adapter finds the Atlassian account by it.
   */
  async memberEmail(memberId: string): Promise<string | null> {
    const member = await this.http.send({
      method: 'GET',
      route: '/enterprises/{id}/members/{idMember}',
      path: `/enterprises/${enc(this.enterpriseId)}/members/${enc(memberId)}`,
      query: { fields: 'id,email' },
      schema: S.Member,
    });
    return typeof member.email === 'string' && member.email !== '' ? member.email : null;
  }

  async addToWorkspace(workspaceId: string, memberId: string, type: WorkspaceMemberType): Promise<void> {
    await this.http.send({
      method: 'PUT',
      route: '/organizations/{id}/members/{idMember}',
      path: `/organizations/${enc(workspaceId)}/members/${enc(memberId)}`,
      query: { type },
      schema: Ignored,
    });
  }

  async inviteToWorkspace(
    workspaceId: string,
    invitee: { email: string; fullName: string },
    type: WorkspaceMemberType,
  ): Promise<void> {
    await this.http.send({
      method: 'PUT',
      route: '/organizations/{id}/members',
      path: `/organizations/${enc(workspaceId)}/members`,
      // Trello: "at least 1 character not beginning or ending with a space".
      query: { email: invitee.email, fullName: invitee.fullName.trim(), type },
      schema: Ignored,
    });
  }

  async removeFromWorkspace(workspaceId: string, memberId: string): Promise<void> {
    await this.http.send({
      method: 'DELETE',
      route: '/organizations/{id}/members/{idMember}',
      path: `/organizations/${enc(workspaceId)}/members/${enc(memberId)}`,
      schema: Ignored,
    });
  }

  async memberBoards(memberId: string): Promise<Board[]> {
    return (await this.openBoardsWithMemberships(memberId)).map(toBoard);
  }

  async boardMemberships(boardId: string): Promise<BoardMembership[]> {
    const rows = await this.http.send({
      method: 'GET',
      route: '/boards/{id}/memberships',
      path: `/boards/${enc(boardId)}/memberships`,
      query: { filter: 'all' },
      // UNVERIFIED (NOTES §8.6): the official `Memberships` schema is a thin object; Trello answers an array.
      schema: z.array(S.BoardMembership),
    });
    return rows.map(toBoardMembership);
  }

  async soleAdminBoards(memberId: string): Promise<SoleAdminBoard[]> {
    const boards = await this.openBoardsWithMemberships(memberId);
    const result: SoleAdminBoard[] = [];
    for (const board of boards) {
      // `memberships` is a documented board field, but its element shape is UNVERIFIED; when a
      // board comes back without it, ask the board itself (one extra call for that board only).
      const memberships = board.memberships
        ? board.memberships.map(toBoardMembership)
        : await this.boardMemberships(board.id);
      // The member's own admin membership may already be deactivated (offboarding hands boards
      // over after the Trello cut): what counts is that no other active admin is left.
      const isAdmin = memberships.some((m) => m.memberId === memberId && m.type === 'admin');
      const otherAdmins = memberships.filter(
        (m) => m.type === 'admin' && !m.deactivated && !m.unconfirmed && m.memberId !== memberId,
      );
      if (isAdmin && otherAdmins.length === 0) {
        result.push({
          board: toBoard(board),
          otherMembers: memberships.filter((m) => m.memberId !== memberId && !m.deactivated),
        });
      }
    }
    return result;
  }

  async setBoardMemberType(boardId: string, memberId: string, type: BoardMemberType): Promise<void> {
    await this.http.send({
      method: 'PUT',
      route: '/boards/{id}/members/{idMember}',
      path: `/boards/${enc(boardId)}/members/${enc(memberId)}`,
      query: { type },
      schema: Ignored,
    });
  }

  async memberTokens(memberId: string): Promise<MemberToken[]> {
    const tokens = await this.http.send({
      method: 'GET',
      route: '/members/{id}/tokens',
      path: `/members/${enc(memberId)}/tokens`,
      schema: z.array(S.Token),
    });
    return tokens.map((t) => ({
      id: t.id,
      identifier: t.identifier ?? '',
      createdAt: t.dateCreated ?? null,
      expiresAt: t.dateExpires ?? null,
      canWrite: (t.permissions ?? []).some((p) => p.write === true),
    }));
  }

  async deleteToken(tokenValue: string): Promise<void> {
    await this.http.send({
      method: 'DELETE',
      // The official path has a trailing slash (NOTES "Files in this folder").
      route: '/tokens/{token}/',
      path: `/tokens/${enc(tokenValue)}/`,
      schema: Ignored,
    });
  }

  async claimableWorkspaces(): Promise<ClaimableWorkspace[]> {
    const body = await this.http.send({
      method: 'GET',
      route: '/enterprises/{id}/claimableOrganizations',
      path: `/enterprises/${enc(this.enterpriseId)}/claimableOrganizations`,
      schema: S.ClaimableOrganizations,
    });
    return body.organizations.map((o) => ({
      id: o.id,
      name: o.name ?? '',
      displayName: o.displayName ?? o.name ?? '',
      activeMemberCount: o.activeMembershipCount ?? 0,
      lastActiveAt: o.dateLastActive ?? null,
    }));
  }

  async pendingWorkspaces(): Promise<PendingWorkspace[]> {
    const rows = await this.http.send({
      method: 'GET',
      route: '/enterprises/{id}/pendingOrganizations',
      path: `/enterprises/${enc(this.enterpriseId)}/pendingOrganizations`,
      schema: z.array(S.PendingOrganization),
    });
    return rows.map((o) => ({
      id: o.id,
      displayName: o.displayName ?? '',
      memberCount: o.membershipCount ?? 0,
      transferrable: o.transferability?.transferrable ?? false,
      newBillableMemberIds: (o.transferability?.newBillableMembers ?? []).map((m) => m.id),
    }));
  }

  async transferWorkspace(workspaceId: string): Promise<void> {
    await this.http.send({
      method: 'PUT',
      route: '/enterprises/{id}/organizations',
      path: `/enterprises/${enc(this.enterpriseId)}/organizations`,
      query: { idOrganization: workspaceId },
      schema: Ignored,
    });
  }

  private openBoardsWithMemberships(memberId: string) {
    return this.http.send({
      method: 'GET',
      route: '/members/{id}/boards',
      path: `/members/${enc(memberId)}/boards`,
      query: { filter: 'open', fields: 'id,name,closed,idOrganization,url,prefs,memberships' },
      schema: z.array(S.Board),
    });
  }
}

function toEnterpriseMember(row: S.Membership): EnterpriseMember {
  const flags = S.DecisiveFlags.safeParse(row);
  if (!flags.success) {
    const missing = (['licensed', 'deactivated'] as const).filter((f) => typeof row[f] !== 'boolean');
    throw new TrelloResponseInvalidError(
      `Trello answered GET ${MEMBERS_QUERY_ROUTE} with member ${row.member.id} missing ${missing.join(' and ')}: ` +
        'Lanyard decides seats and deactivation on those flags and will not guess them',
    );
  }
  return {
    memberId: row.member.id,
    email: row.member.email ?? null,
    fullName: row.member.fullname ?? '',
    username: row.member.username ?? '',
    managed: row.managed,
    licensed: flags.data.licensed,
    deactivated: flags.data.deactivated,
    collaborator: row.collaborator,
    enterpriseAdmin: row.admin,
    confirmed: row.member.confirmed ?? true,
    lastActiveAt: row.member.dateLastImpression ?? null,
  };
}

/** Trello's paging went round in a circle: stop, naming the route and what it did. */
function pagingLoop(what: string): TrelloResponseInvalidError {
  return new TrelloResponseInvalidError(
    `Trello's GET ${MEMBERS_QUERY_ROUTE} ${what}: it does not honour the cursor Lanyard sends (where the ` +
      'next cursor comes back is undocumented), so paging stopped instead of looping',
  );
}

function toBoard(board: z.infer<typeof S.Board>): Board {
  const level = board.prefs?.permissionLevel ?? null;
  return {
    id: board.id,
    name: board.name,
    workspaceId: board.idOrganization ?? null,
    visibility: level !== null && VISIBILITIES.has(level) ? (level as BoardVisibility) : null,
    url: board.url ?? null,
    closed: board.closed ?? false,
  };
}

function toBoardMembership(m: z.infer<typeof S.BoardMembership>): BoardMembership {
  return {
    membershipId: m.id,
    memberId: m.idMember,
    type: m.memberType,
    deactivated: m.deactivated ?? false,
    unconfirmed: m.unconfirmed ?? false,
  };
}

const enc = encodeURIComponent;

/**
 * Boards and their members: a board never loses its last active admin, and a deactivated member
 * cannot be put on an Enterprise board.
 */
import { createHash } from 'node:crypto';
import type {
  BoardMembershipRecord,
  BoardMemberType,
  BoardPermissionLevel,
  BoardRecord,
  MemberRecord,
} from '../state-schema.ts';
import { lastBoardAdmin, memberDeactivated, modelNotFound } from '../trello-errors.ts';
import { boards, member as memberById, requireBoard, requireOrganization } from './lookups.ts';
import { isEnterpriseBoard, isEnterpriseWorkspace } from './membership-status.ts';
import { deleteMembership, insertMembership, requireMembership } from './memberships.ts';
import type { StateStore } from './state-store.ts';

export interface NewBoardInput {
  name: string;
  idOrganization: string | null;
  permissionLevel: BoardPermissionLevel;
  closed: boolean;
  members: { idMember: string; type: BoardMemberType }[];
}

function activeAdminCount(board: BoardRecord): number {
  return board.memberships.filter((ms) => ms.memberType === 'admin' && !ms.deactivated).length;
}

function isLastActiveAdmin(board: BoardRecord, membership: BoardMembershipRecord): boolean {
  return membership.memberType === 'admin' && !membership.deactivated && activeAdminCount(board) <= 1;
}

/** PUT /boards/{id}/members/{idMember}?type=: adds, or changes the type of, a membership. */
export function setBoardMember(
  store: StateStore,
  boardId: string,
  member: MemberRecord,
  type: BoardMemberType,
): BoardRecord {
  const board = requireBoard(store, boardId);
  if (member.deactivated && isEnterpriseBoard(store, board)) throw memberDeactivated();
  const byMember = store.index.boardMembershipsOf;
  const existing = byMember.get(member.id)?.get(board.id);
  if (existing) {
    if (type !== 'admin' && isLastActiveAdmin(board, existing)) throw lastBoardAdmin();
    existing.memberType = type;
    return board;
  }
  insertMembership(store, board, byMember, member, type);
  return board;
}

/** UNVERIFIED: removing someone who is not on the board is a 404. */
export function removeBoardMember(store: StateStore, boardId: string, memberId: string): void {
  const board = requireBoard(store, boardId);
  const byMember = store.index.boardMembershipsOf;
  const membership = requireMembership(byMember, board, memberId);
  if (isLastActiveAdmin(board, membership)) throw lastBoardAdmin();
  deleteMembership(byMember, board, membership);
}

/** Boards where no active admin is left: what offboarding must never produce. */
export function boardsWithoutActiveAdmin(store: StateStore): BoardRecord[] {
  return boards(store).filter((board) => !board.closed && activeAdminCount(board) === 0);
}

function shortLink(store: StateStore): string {
  return createHash('sha256')
    .update(`${store.index.meta.idMachine}:board:${store.index.ids.counter}`)
    .digest('base64url')
    .slice(0, 8);
}

/** A board made in the Trello UI (the control plane): its members placed by the rules above. */
export function createBoard(store: StateStore, input: NewBoardInput): BoardRecord {
  const org = input.idOrganization === null ? undefined : requireOrganization(store, input.idOrganization);
  const members = input.members.map((m) => {
    const member = memberById(store, m.idMember);
    if (!member) throw modelNotFound();
    if (member.deactivated && org && isEnterpriseWorkspace(store, org)) throw memberDeactivated();
    return { member, type: m.type };
  });
  const creator = members.find((m) => m.type === 'admin')?.member.id ?? store.index.meta.serviceAccountId;
  const board: BoardRecord = {
    id: store.newId(),
    name: input.name,
    shortLink: shortLink(store),
    closed: input.closed,
    idOrganization: org?.id ?? null,
    idMemberCreator: creator,
    permissionLevel: input.permissionLevel,
    dateLastActivity: store.nowIso(),
    memberships: [],
  };
  store.index.boards.set(board.id, board);
  for (const { member, type } of members) setBoardMember(store, board.id, member, type);
  return board;
}

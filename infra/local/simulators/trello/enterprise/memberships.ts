/**
 * The membership records themselves, kept in step with their indexes: what seats, Workspaces and
 * accounts each change on a person's Workspace and board memberships, with no rule of their own.
 */
import { nestedIndex } from '../state-index.ts';
import type {
  MemberRecord,
  OrganizationRecord,
  WorkspaceMembershipRecord,
  WorkspaceMemberType,
} from '../state-schema.ts';
import { modelNotFound } from '../trello-errors.ts';
import { isEnterpriseBoard, isEnterpriseWorkspace } from './membership-status.ts';
import type { StateStore } from './state-store.ts';

/** A Workspace's or a board's membership record: the two have the same shape, each its own types. */
interface Membership<T extends string> {
  id: string;
  idMember: string;
  memberType: T;
  unconfirmed: boolean;
  deactivated: boolean;
}

/** A Workspace or a board: what holds memberships. */
interface MembershipHolder<T extends string> {
  id: string;
  memberships: Membership<T>[];
}

/** Each member's memberships by holder id (StateIndex `workspaceMembershipsOf`, `boardMembershipsOf`). */
type MembershipsByMember<T extends string> = Map<string, Map<string, Membership<T>>>;

/** A new active membership of `member` in `holder`, recorded on it and in the member's index. */
export function insertMembership<T extends string>(
  store: StateStore,
  holder: MembershipHolder<T>,
  byMember: MembershipsByMember<T>,
  member: MemberRecord,
  type: T,
): Membership<T> {
  const membership: Membership<T> = {
    id: store.newId(),
    idMember: member.id,
    memberType: type,
    unconfirmed: !member.confirmed,
    deactivated: false,
  };
  holder.memberships.push(membership);
  nestedIndex(byMember, member.id).set(holder.id, membership);
  return membership;
}

/** The member's membership of `holder`; Trello's 404 when there is none. */
export function requireMembership<T extends string>(
  byMember: MembershipsByMember<T>,
  holder: MembershipHolder<T>,
  memberId: string,
): Membership<T> {
  const membership = byMember.get(memberId)?.get(holder.id);
  if (!membership) throw modelNotFound();
  return membership;
}

/** Takes the membership off its holder and out of the member's index. */
export function deleteMembership<T extends string>(
  byMember: MembershipsByMember<T>,
  holder: MembershipHolder<T>,
  membership: Membership<T>,
): void {
  byMember.get(membership.idMember)?.delete(holder.id);
  holder.memberships = holder.memberships.filter((ms) => ms !== membership);
}

/**
 * Adds the member to the Workspace, or finds their membership there and makes it active again
 * (with the new type unless `keepExistingType`).
 */
export function upsertWorkspaceMembership(
  store: StateStore,
  org: OrganizationRecord,
  member: MemberRecord,
  type: WorkspaceMemberType,
  keepExistingType: boolean,
): WorkspaceMembershipRecord {
  const byMember = store.index.workspaceMembershipsOf;
  const existing = byMember.get(member.id)?.get(org.id);
  if (existing) {
    if (!keepExistingType) existing.memberType = type;
    existing.deactivated = false;
    return existing;
  }
  return insertMembership(store, org, byMember, member, type);
}

/** Flags (or unflags) the member's Enterprise Workspace and board memberships as deactivated, keeping them. */
export function setEnterpriseMembershipsDeactivated(
  store: StateStore,
  member: MemberRecord,
  deactivated: boolean,
): void {
  const s = store.index;
  for (const [orgId, ms] of s.workspaceMembershipsOf.get(member.id) ?? []) {
    const org = s.organizations.get(orgId);
    if (org && isEnterpriseWorkspace(store, org)) ms.deactivated = deactivated;
  }
  for (const [boardId, ms] of s.boardMembershipsOf.get(member.id) ?? []) {
    const board = s.boards.get(boardId);
    if (board && isEnterpriseBoard(store, board)) ms.deactivated = deactivated;
  }
}

/** An invitee confirmed: their memberships stop being unconfirmed. */
export function confirmMemberships(store: StateStore, member: MemberRecord): void {
  for (const ms of store.index.workspaceMembershipsOf.get(member.id)?.values() ?? []) ms.unconfirmed = false;
  for (const ms of store.index.boardMembershipsOf.get(member.id)?.values() ?? []) ms.unconfirmed = false;
}

/**
 * Records by key: members by id, email or username, Workspaces by id or name, boards, tokens and
 * each member's memberships. Reads only; a `require…` answers Trello's 404 for what is not there.
 */
import type {
  BoardMembershipRecord,
  BoardRecord,
  MemberRecord,
  OrganizationRecord,
  TokenRecord,
  WorkspaceMembershipRecord,
} from '../state-schema.ts';
import { modelNotFound } from '../trello-errors.ts';
import { isTrelloId } from '../trello-ids.ts';
import type { StateStore } from './state-store.ts';

export function member(store: StateStore, id: string): MemberRecord | undefined {
  return store.index.members.get(id.toLowerCase());
}

export function memberByEmail(store: StateStore, email: string): MemberRecord | undefined {
  const s = store.index;
  const id = s.memberIdByEmail.get(email.trim().toLowerCase());
  return id === undefined ? undefined : s.members.get(id);
}

/** Trello member paths take "the ID or username of the member". */
export function resolveMember(store: StateStore, idOrUsername: string): MemberRecord | undefined {
  if (isTrelloId(idOrUsername)) return member(store, idOrUsername);
  const s = store.index;
  const id = s.memberIdByUsername.get(idOrUsername.toLowerCase());
  return id === undefined ? undefined : s.members.get(id);
}

export function organization(store: StateStore, id: string): OrganizationRecord | undefined {
  return store.index.organizations.get(id.toLowerCase());
}

/** Organization paths take "the ID or name of the Organization". */
export function resolveOrganization(store: StateStore, idOrName: string): OrganizationRecord | undefined {
  if (isTrelloId(idOrName)) return organization(store, idOrName);
  const s = store.index;
  const id = s.organizationIdByName.get(idOrName);
  return id === undefined ? undefined : s.organizations.get(id);
}

export function requireOrganization(store: StateStore, idOrName: string): OrganizationRecord {
  const org = resolveOrganization(store, idOrName);
  if (!org) throw modelNotFound();
  return org;
}

export function board(store: StateStore, id: string): BoardRecord | undefined {
  return store.index.boards.get(id.toLowerCase());
}

export function requireBoard(store: StateStore, boardId: string): BoardRecord {
  const found = board(store, boardId);
  if (!found) throw modelNotFound();
  return found;
}

export function tokenByValue(store: StateStore, value: string): TokenRecord | undefined {
  return store.index.tokensByValue.get(value);
}

export function tokensOf(store: StateStore, memberId: string): TokenRecord[] {
  return [...store.index.tokensByValue.values()].filter((t) => t.idMember === memberId);
}

export function organizations(store: StateStore): OrganizationRecord[] {
  return [...store.index.organizations.values()];
}

export function boards(store: StateStore): BoardRecord[] {
  return [...store.index.boards.values()];
}

export function organizationIdsOf(store: StateStore, memberId: string): string[] {
  return [...(store.index.workspaceMembershipsOf.get(memberId)?.keys() ?? [])];
}

export function boardIdsOf(store: StateStore, memberId: string): string[] {
  return [...(store.index.boardMembershipsOf.get(memberId)?.keys() ?? [])];
}

export function boardMembership(
  store: StateStore,
  boardId: string,
  memberId: string,
): BoardMembershipRecord | undefined {
  return store.index.boardMembershipsOf.get(memberId)?.get(boardId);
}

export function workspaceMembership(
  store: StateStore,
  orgId: string,
  memberId: string,
): WorkspaceMembershipRecord | undefined {
  return store.index.workspaceMembershipsOf.get(memberId)?.get(orgId);
}

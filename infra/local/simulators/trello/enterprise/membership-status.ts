/**
 * What a person is to the Enterprise, derived from the records on every read (ref: DESIGN.md "The
 * domain in one page", NOTES.md §1–§3): managed by claimed domain, licensed, deactivated, a board
 * guest, or not a member of the Enterprise at all.
 */
import type { BoardRecord, MemberRecord, OrganizationRecord } from '../state-schema.ts';
import { modelNotFound } from '../trello-errors.ts';
import { member as memberById } from './lookups.ts';
import type { StateStore } from './state-store.ts';

/** The five per-row booleans of a `/members/query` Membership (ref: NOTES.md §2). */
export interface MembershipFlags {
  managed: boolean;
  licensed: boolean;
  admin: boolean;
  deactivated: boolean;
  collaborator: boolean;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** Managed status follows the enterprise's claimed email domains. */
export function isManaged(store: StateStore, member: MemberRecord): boolean {
  return store.index.claimedDomains.has(emailDomain(member.email));
}

/** Whether an account with this address, were it created, would be managed. */
export function wouldBeManaged(store: StateStore, email: string): boolean {
  return store.index.claimedDomains.has(emailDomain(email.toLowerCase()));
}

export function isEnterpriseWorkspace(store: StateStore, org: OrganizationRecord): boolean {
  return org.idEnterprise === store.index.enterprise.id;
}

export function isEnterpriseBoard(store: StateStore, board: BoardRecord): boolean {
  if (board.idOrganization === null) return false;
  const org = store.index.organizations.get(board.idOrganization);
  return org !== undefined && isEnterpriseWorkspace(store, org);
}

function hasActiveEnterpriseBoardMembership(store: StateStore, member: MemberRecord): boolean {
  const memberships = store.index.boardMembershipsOf.get(member.id);
  if (!memberships) return false;
  for (const [boardId, ms] of memberships) {
    if (ms.deactivated) continue;
    const board = store.index.boards.get(boardId);
    if (board && isEnterpriseBoard(store, board)) return true;
  }
  return false;
}

function inEnterpriseWorkspace(store: StateStore, member: MemberRecord): boolean {
  const memberships = store.index.workspaceMembershipsOf.get(member.id);
  if (!memberships) return false;
  for (const orgId of memberships.keys()) {
    const org = store.index.organizations.get(orgId);
    if (org && isEnterpriseWorkspace(store, org)) return true;
  }
  return false;
}

/**
 * A board guest: on at least one Enterprise board without a license. UNVERIFIED: an "Enterprise
 * board" is a board of an Enterprise Workspace (its permissionLevel does not matter).
 */
export function isCollaborator(store: StateStore, member: MemberRecord): boolean {
  return !member.licensed && hasActiveEnterpriseBoardMembership(store, member);
}

/**
 * Whether the person shows up among the enterprise's users at all (in `/members/query`, and as
 * `/enterprises/{id}/members/{idMember}`). UNVERIFIED: managed, licensed, deactivated, admin, in an
 * Enterprise Workspace, or on an Enterprise board; anyone else is a 404 there.
 */
export function isEnterpriseMember(store: StateStore, member: MemberRecord): boolean {
  return (
    member.licensed ||
    member.deactivated ||
    member.enterpriseAdmin ||
    isManaged(store, member) ||
    inEnterpriseWorkspace(store, member) ||
    hasActiveEnterpriseBoardMembership(store, member)
  );
}

export function flags(store: StateStore, member: MemberRecord): MembershipFlags {
  return {
    managed: isManaged(store, member),
    licensed: member.licensed,
    admin: member.enterpriseAdmin,
    deactivated: member.deactivated,
    collaborator: isCollaborator(store, member),
  };
}

export function requireEnterpriseMember(store: StateStore, memberId: string): MemberRecord {
  const member = memberById(store, memberId);
  if (!member || !isEnterpriseMember(store, member)) throw modelNotFound();
  return member;
}

export function enterpriseAdminIds(store: StateStore): string[] {
  return store.index.membersSorted.filter((m) => m.enterpriseAdmin).map((m) => m.id);
}

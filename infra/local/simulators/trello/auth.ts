import { timingSafeEqual } from 'node:crypto';
import type { EnterpriseState } from './enterprise-state.ts';
import type { BoardRecord, MemberRecord, OrganizationRecord, TokenRecord } from './state-schema.ts';
import { invalidKey, invalidToken, unauthorizedPermission } from './trello-errors.ts';

/** Who is calling: the owner of the `token` query parameter. */
export interface Caller {
  member: MemberRecord;
  token: TokenRecord;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Every `/1/*` request carries `key` and `token` query parameters (ref: NOTES.md "[SPEC] declares
 * only query-string key + token security"). UNVERIFIED: expired tokens answer "invalid token";
 * tokens of deactivated members keep working (NOTES.md §6 leaves this open).
 */
export function authenticate(
  state: EnterpriseState,
  key: string | undefined,
  token: string | undefined,
  nowIso: string,
): Caller {
  if (!key || !sameSecret(key, state.meta.apiKey)) throw invalidKey();
  if (!token) throw invalidToken();
  const record = state.tokenByValue(token);
  if (!record || (record.dateExpires !== null && record.dateExpires <= nowIso)) throw invalidToken();
  const member = state.member(record.idMember);
  if (!member) throw invalidToken();
  return { member, token: record };
}

/** ref: NOTES.md §1 "Most enterprise routes need a token belonging to an Enterprise admin". */
export function requireEnterpriseAdmin(caller: Caller): void {
  if (!caller.member.enterpriseAdmin) throw unauthorizedPermission();
}

function activeWorkspaceRole(state: EnterpriseState, caller: Caller, org: OrganizationRecord): string | null {
  const membership = state.workspaceMembership(org.id, caller.member.id);
  return membership && !membership.deactivated ? membership.memberType : null;
}

/**
 * UNVERIFIED: Workspace members read their Workspace; enterprise admins read Enterprise Workspaces
 * and Workspaces outside any enterprise (which is where claimable and pending ones are).
 */
export function requireOrganizationReader(
  state: EnterpriseState,
  caller: Caller,
  org: OrganizationRecord,
): void {
  if (activeWorkspaceRole(state, caller, org) !== null) return;
  if (caller.member.enterpriseAdmin && (state.isEnterpriseWorkspace(org) || org.idEnterprise === null))
    return;
  throw unauthorizedPermission();
}

/**
 * Workspace admins manage their Workspace; enterprise admins have admin access to Enterprise
 * Workspaces without being members (ref: NOTES.md §5 offboarding step 2).
 */
export function requireOrganizationManager(
  state: EnterpriseState,
  caller: Caller,
  org: OrganizationRecord,
): void {
  if (activeWorkspaceRole(state, caller, org) === 'admin') return;
  if (caller.member.enterpriseAdmin && state.isEnterpriseWorkspace(org)) return;
  throw unauthorizedPermission();
}

function boardOrganization(state: EnterpriseState, board: BoardRecord): OrganizationRecord | undefined {
  return board.idOrganization === null ? undefined : state.organization(board.idOrganization);
}

/** UNVERIFIED: public boards are readable by anyone; others by members, their Workspace, or enterprise admins. */
export function requireBoardReader(state: EnterpriseState, caller: Caller, board: BoardRecord): void {
  if (board.permissionLevel === 'public') return;
  if (state.boardMembership(board.id, caller.member.id)) return;
  if (caller.member.enterpriseAdmin && state.isEnterpriseBoard(board)) return;
  const org = boardOrganization(state, board);
  if (org && board.permissionLevel !== 'private' && activeWorkspaceRole(state, caller, org) !== null) return;
  throw unauthorizedPermission();
}

/** UNVERIFIED: board admins, admins of the board's Workspace, and enterprise admins on Enterprise boards. */
export function requireBoardManager(state: EnterpriseState, caller: Caller, board: BoardRecord): void {
  const membership = state.boardMembership(board.id, caller.member.id);
  if (membership && !membership.deactivated && membership.memberType === 'admin') return;
  if (caller.member.enterpriseAdmin && state.isEnterpriseBoard(board)) return;
  const org = boardOrganization(state, board);
  if (org && activeWorkspaceRole(state, caller, org) === 'admin') return;
  throw unauthorizedPermission();
}

/**
 * UNVERIFIED (NOTES.md §6): whether an enterprise admin may list another member's tokens is not
 * documented; the simulator allows it for members the enterprise manages.
 */
export function requireTokenListReader(state: EnterpriseState, caller: Caller, member: MemberRecord): void {
  if (caller.member.id === member.id) return;
  if (caller.member.enterpriseAdmin && state.isManaged(member)) return;
  throw unauthorizedPermission();
}

/** UNVERIFIED: emails are shown to the member themself and to enterprise admins for enterprise members. */
export function canSeeEmail(state: EnterpriseState, caller: Caller, member: MemberRecord): boolean {
  return (
    caller.member.id === member.id || (caller.member.enterpriseAdmin && state.isEnterpriseMember(member))
  );
}

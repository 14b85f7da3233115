/**
 * Licence seats and deactivation (ref: NOTES.md §3, §4): a grant takes a free seat and adds the
 * member to the default Workspace; deactivation frees the seat and flags the member's Enterprise
 * memberships; under AdminHub, Trello's own revoke and deactivate are refused.
 */
import type { MemberRecord } from '../state-schema.ts';
import {
  adminHubDeactivateRefused,
  adminHubRevokeRefused,
  memberDeactivated,
  noLicenseAvailable,
} from '../trello-errors.ts';
import { memberByEmail } from './lookups.ts';
import { isEnterpriseMember, requireEnterpriseMember } from './membership-status.ts';
import { setEnterpriseMembershipsDeactivated, upsertWorkspaceMembership } from './memberships.ts';
import type { StateStore } from './state-store.ts';

export function hasFreeSeat(store: StateStore): boolean {
  const s = store.index;
  const max = s.enterprise.maxMembers;
  return max === null || s.licensedCount < max;
}

export function grantLicense(store: StateStore, member: MemberRecord): void {
  if (member.licensed) return;
  if (!hasFreeSeat(store)) throw noLicenseAvailable();
  const s = store.index;
  member.licensed = true;
  s.licensedCount += 1;
  // ref: NOTES.md §4 "If a Default Workspace is set up, newly licensed users are auto-added to it".
  // UNVERIFIED: that holds for every grant, including those made by a Workspace add or a transfer.
  const defaultId = s.enterprise.defaultWorkspaceId;
  const defaultWorkspace = defaultId === null ? undefined : s.organizations.get(defaultId);
  if (defaultWorkspace) upsertWorkspaceMembership(store, defaultWorkspace, member, 'normal', true);
}

function dropLicense(store: StateStore, member: MemberRecord): void {
  if (!member.licensed) return;
  member.licensed = false;
  store.index.licensedCount -= 1;
}

/**
 * Deactivation frees the seat and flags the member's Enterprise Workspace and board memberships
 * as deactivated, keeping them, so the person stays on cards (ref: NOTES.md §4).
 */
export function deactivate(store: StateStore, member: MemberRecord): void {
  dropLicense(store, member);
  member.deactivated = true;
  setEnterpriseMembershipsDeactivated(store, member, true);
}

/**
 * Reactivation does not re-license (NOTES.md §4). UNVERIFIED: it restores the member's Enterprise
 * Workspace and board memberships, so an unlicensed member on boards is a guest again.
 */
function reactivate(store: StateStore, member: MemberRecord): void {
  member.deactivated = false;
  setEnterpriseMembershipsDeactivated(store, member, false);
}

/** PUT /enterprises/{id}/members/{idMember}/licensed?value= */
export function setLicensed(store: StateStore, memberId: string, value: boolean): MemberRecord {
  const member = requireEnterpriseMember(store, memberId);
  if (value) {
    if (member.licensed) return member;
    // UNVERIFIED: a deactivated member must be reactivated before a grant (DESIGN.md: "reactivate and grant").
    if (member.deactivated) throw memberDeactivated();
    grantLicense(store, member);
    return member;
  }
  // UNVERIFIED: under AdminHub, grants (above) and reactivation still work; only the two
  // operations the reference names are refused.
  if (store.index.enterprise.adminHub) throw adminHubRevokeRefused();
  // UNVERIFIED: revoking from an unlicensed member is a no-op (set-to-value), not a deactivation.
  if (!member.licensed) return member;
  // ref: enterprises.openapi.yml "Revoking a license will deactivate a Member of an Enterprise."
  deactivate(store, member);
  return member;
}

/** PUT /enterprises/{id}/members/{idMember}/deactivated?value= */
export function setDeactivated(store: StateStore, memberId: string, value: boolean): MemberRecord {
  const member = requireEnterpriseMember(store, memberId);
  if (value) {
    if (store.index.enterprise.adminHub) throw adminHubDeactivateRefused();
    if (!member.deactivated) deactivate(store, member);
    return member;
  }
  if (member.deactivated) reactivate(store, member);
  return member;
}

/**
 * AdminHub: Atlassian Administration gave (`true`) or took (`false`) this person's Trello access —
 * product access through a group, or a directory suspend/restore — and Trello follows it. Not a
 * Trello endpoint (Trello's own revoke and deactivate stay refused): the local stack links the
 * Atlassian simulator here. Access taken deactivates, as Trello's own revoke does (frees the seat,
 * keeps the person on their cards); access given reactivates and licenses, or throws
 * `noLicenseAvailable` when no seat is left. Someone Trello does not know yet (never logged in)
 * is left alone: UNVERIFIED how Trello shows a person it meets later.
 */
export function applyAdminHubAccess(store: StateStore, email: string, access: boolean): void {
  const member = memberByEmail(store, email);
  if (!member || !isEnterpriseMember(store, member)) return;
  if (!access) {
    if (member.licensed || !member.deactivated) deactivate(store, member);
    return;
  }
  if (!member.licensed && !hasFreeSeat(store)) throw noLicenseAvailable();
  if (member.deactivated) reactivate(store, member);
  grantLicense(store, member);
}

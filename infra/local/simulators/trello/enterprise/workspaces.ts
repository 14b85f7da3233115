/**
 * Workspace memberships: adding someone to an Enterprise Workspace licenses them (ref: NOTES.md
 * §4), an invitation to an address without an account creates an unconfirmed one, and each
 * Workspace's restrictions are checked on the way in.
 */

import type {
  MemberRecord,
  OrganizationPrefsRecord,
  OrganizationRecord,
  WorkspaceMemberType,
} from '../state-schema.ts';
import { NO_ORGANIZATION_RESTRICTIONS } from '../state-schema.ts';
import { memberDeactivated, noLicenseAvailable } from '../trello-errors.ts';
import { insertMember } from './accounts.ts';
import { memberByEmail, requireOrganization, workspaceMembership } from './lookups.ts';
import { isEnterpriseWorkspace, isManaged, wouldBeManaged } from './membership-status.ts';
import { deleteMembership, requireMembership, upsertWorkspaceMembership } from './memberships.ts';
import { grantLicense, hasFreeSeat } from './seats.ts';
import type { StateStore } from './state-store.ts';
import { checkRestrictions } from './workspace-restrictions.ts';

/**
 * PUT /organizations/{id}/members/{idMember}: adding someone to an Enterprise Workspace grants a
 * license when they have none (ref: NOTES.md §4), so it fails when no seat is left. An existing
 * membership gets the new type and, if deactivated, becomes active again (UNVERIFIED).
 */
export function addToWorkspace(
  store: StateStore,
  orgIdOrName: string,
  member: MemberRecord,
  type: WorkspaceMemberType,
): MemberRecord {
  const org = requireOrganization(store, orgIdOrName);
  // UNVERIFIED: someone already in the Workspace is not checked again (a type change passes).
  if (workspaceMembership(store, org.id, member.id) === undefined)
    checkRestrictions(org, member.email, isManaged(store, member));
  if (isEnterpriseWorkspace(store, org)) {
    if (member.deactivated) throw memberDeactivated();
    grantLicense(store, member);
  }
  upsertWorkspaceMembership(store, org, member, type, false);
  return member;
}

/**
 * PUT /organizations/{id}/members?email=&fullName=: an existing account is added as above;
 * otherwise an unconfirmed ("ghost") account is created. Re-inviting the same email finds that
 * account again, so no second member appears. UNVERIFIED: emails match case-insensitively, and a
 * repeated invitation with another `type` changes the membership type.
 */
export function inviteToWorkspace(
  store: StateStore,
  orgIdOrName: string,
  email: string,
  fullName: string,
  type: WorkspaceMemberType,
): { member: MemberRecord; created: boolean } {
  const org = requireOrganization(store, orgIdOrName);
  const existing = memberByEmail(store, email);
  if (existing) return { member: addToWorkspace(store, org.id, existing, type), created: false };
  // A refused invitation creates nobody (UNVERIFIED). The account would be managed when its
  // domain is claimed by the enterprise.
  checkRestrictions(org, email, wouldBeManaged(store, email));
  // UNVERIFIED: an invitation into an Enterprise Workspace takes a seat at once, so check first
  // and create nothing when none is left.
  if (isEnterpriseWorkspace(store, org) && !hasFreeSeat(store)) throw noLicenseAvailable();
  const member = insertMember(store, { email, fullName, confirmed: false });
  return { member: addToWorkspace(store, org.id, member, type), created: true };
}

/** Sets a Workspace's membership restrictions (PUT /organizations/{id} prefs, or the control plane). */
export function setOrganizationPrefs(
  store: StateStore,
  orgIdOrName: string,
  prefs: Partial<OrganizationPrefsRecord>,
): OrganizationRecord {
  const org = requireOrganization(store, orgIdOrName);
  org.prefs = { ...(org.prefs ?? NO_ORGANIZATION_RESTRICTIONS), ...prefs };
  return org;
}

/** UNVERIFIED: leaving a Workspace keeps the member's license and board memberships. */
export function removeFromWorkspace(store: StateStore, orgIdOrName: string, memberId: string): void {
  const org = requireOrganization(store, orgIdOrName);
  const byMember = store.index.workspaceMembershipsOf;
  deleteMembership(byMember, org, requireMembership(byMember, org, memberId));
}

/**
 * Workspaces joining the Enterprise: which are in it, which asked to join, which it could claim,
 * and the transfer that brings one in and licenses its members while seats last.
 */
import type { OrganizationRecord } from '../state-schema.ts';
import { organizations, requireOrganization } from './lookups.ts';
import { isEnterpriseWorkspace, isManaged } from './membership-status.ts';
import { grantLicense, hasFreeSeat } from './seats.ts';
import type { StateStore } from './state-store.ts';

export interface TransferOutcome {
  organization: OrganizationRecord;
  licensed: string[];
  unlicensed: string[];
}

export function enterpriseOrganizations(store: StateStore): OrganizationRecord[] {
  return organizations(store).filter((org) => isEnterpriseWorkspace(store, org));
}

/** Workspaces that asked to join the enterprise and are not in it yet. */
export function pendingOrganizations(store: StateStore): OrganizationRecord[] {
  return organizations(store).filter(
    (org) => org.idEnterprise === null && org.enterpriseJoinRequest !== null,
  );
}

/**
 * UNVERIFIED: "claimable" = outside any enterprise, no join request, and at least one active
 * admin whose account the enterprise manages (the reference only says "claimable by the enterprise").
 */
export function claimableOrganizations(store: StateStore): OrganizationRecord[] {
  return organizations(store).filter(
    (org) =>
      org.idEnterprise === null &&
      org.enterpriseJoinRequest === null &&
      org.memberships.some((ms) => {
        const member = store.index.members.get(ms.idMember);
        return (
          ms.memberType === 'admin' && !ms.deactivated && member !== undefined && isManaged(store, member)
        );
      }),
  );
}

/**
 * PUT /enterprises/{id}/organizations: the Workspace joins and its members get licenses while
 * seats last; the rest stay unlicensed and are recorded in `transfers`. UNVERIFIED: any Workspace
 * outside the enterprise may be transferred; seats go in membership order; deactivated members
 * are skipped; transferring an Enterprise Workspace again is a no-op.
 */
export function transferOrganization(store: StateStore, orgId: string): TransferOutcome {
  const org = requireOrganization(store, orgId);
  if (isEnterpriseWorkspace(store, org)) return { organization: org, licensed: [], unlicensed: [] };
  const s = store.index;
  org.idEnterprise = s.enterprise.id;
  org.enterpriseJoinRequest = null;
  org.transferRequestedAt = null;
  const licensed: string[] = [];
  const unlicensed: string[] = [];
  for (const ms of [...org.memberships]) {
    const member = s.members.get(ms.idMember);
    // Members deactivated in the enterprise stay in the Workspace, flagged like their other memberships.
    if (member?.deactivated) ms.deactivated = true;
    if (!member || ms.deactivated || member.licensed) continue;
    if (hasFreeSeat(store)) {
      grantLicense(store, member);
      licensed.push(member.id);
    } else {
      unlicensed.push(member.id);
    }
  }
  s.transfers.push({ idOrganization: org.id, completedAt: store.nowIso(), licensed, unlicensed });
  return { organization: org, licensed, unlicensed };
}

/** AdminHub enterprises accept a transfer now and apply it later (ref: NOTES.md §8.2). */
export function requestTransfer(store: StateStore, orgId: string): OrganizationRecord {
  const org = requireOrganization(store, orgId);
  if (!isEnterpriseWorkspace(store, org) && org.transferRequestedAt === null) {
    org.transferRequestedAt = store.nowIso();
  }
  return org;
}

export function pendingTransferIds(store: StateStore): string[] {
  return organizations(store)
    .filter((org) => org.transferRequestedAt !== null)
    .map((org) => org.id);
}

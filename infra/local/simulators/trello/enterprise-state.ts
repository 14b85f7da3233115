import { createHash } from 'node:crypto';
import type { SimClock } from './sim-clock.ts';
import { indexSnapshot, nestedIndex, type StateIndex, upperBound } from './state-index.ts';
import type {
  BoardMembershipRecord,
  BoardMemberType,
  BoardPermissionLevel,
  BoardRecord,
  EnterpriseRecord,
  MemberRecord,
  OrganizationPrefsRecord,
  OrganizationRecord,
  QueryCursorStyle,
  StateMeta,
  StateSnapshot,
  TokenKind,
  TokenPermissionRecord,
  TokenRecord,
  WorkspaceMembershipRecord,
  WorkspaceMemberType,
} from './state-schema.ts';
import { NO_ORGANIZATION_RESTRICTIONS } from './state-schema.ts';
import {
  adminHubDeactivateRefused,
  adminHubRevokeRefused,
  lastBoardAdmin,
  memberDeactivated,
  modelNotFound,
  noLicenseAvailable,
  TrelloApiError,
  workspaceRestricted,
} from './trello-errors.ts';
import { isTrelloId } from './trello-ids.ts';

/** The five per-row booleans of a `/members/query` Membership (ref: NOTES.md §2). */
export interface MembershipFlags {
  managed: boolean;
  licensed: boolean;
  admin: boolean;
  deactivated: boolean;
  collaborator: boolean;
}

/** A `/members/query` filter; dates are ISO instants (midnight UTC of the YYYY-MM-DD given). */
export interface MemberQueryFilter {
  licensed?: boolean;
  deactivated?: boolean;
  collaborator?: boolean;
  managed?: boolean;
  admin?: boolean;
  activeSince?: string;
  inactiveSince?: string;
  /** Lower-case prefix of email or full name. */
  search?: string;
}

export interface MemberQueryPage {
  rows: MemberRecord[];
  /** Id of the last row when at least one more row matches, else null. */
  nextCursor: string | null;
}

export interface TransferOutcome {
  organization: OrganizationRecord;
  licensed: string[];
  unlicensed: string[];
}

export interface NewMemberInput {
  email: string;
  fullName: string;
  username?: string;
  confirmed?: boolean;
  licensed?: boolean;
  deactivated?: boolean;
  enterpriseAdmin?: boolean;
  dateLastImpression?: string | null;
  workspaces?: { idOrganization: string; type: WorkspaceMemberType }[];
  boards?: { idBoard: string; type: BoardMemberType }[];
}

export interface NewBoardInput {
  name: string;
  idOrganization: string | null;
  permissionLevel: BoardPermissionLevel;
  closed: boolean;
  members: { idMember: string; type: BoardMemberType }[];
}

export interface NewOrganizationInput {
  displayName: string;
  name?: string;
  enterprise: boolean;
  /** Member who asked for the Workspace to join the enterprise (makes it "pending"). */
  joinRequestedBy?: string;
  members: { idMember: string; type: WorkspaceMemberType }[];
}

export interface NewTokenInput {
  idMember: string;
  kind: TokenKind;
  identifier: string;
  dateExpires: string | null;
  permissions?: TokenPermissionRecord[];
}

export interface EnterpriseSettings {
  maxMembers?: number | null;
  adminHub?: boolean;
  queryCursorStyle?: QueryCursorStyle;
  ignoreQueryCursor?: boolean;
  defaultWorkspaceId?: string | null;
}

export function initialsOf(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * ref: `prefs/orgInviteRestrict` "An email address with optional wildcard characters (E.g.
 * `subdomain.*.trello.com`)". UNVERIFIED: a pattern with an `@` is matched against the whole
 * address, one without against its domain; `*` stands for any run of characters; case is ignored.
 */
export function emailAllowedBy(patterns: readonly string[], email: string): boolean {
  if (patterns.length === 0) return true;
  const address = email.toLowerCase();
  return patterns.some((pattern) => {
    const glob = pattern.trim().toLowerCase();
    const source = glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(glob.includes('@') ? address : emailDomain(address));
  });
}

/**
 * The simulated Trello Enterprise: one enterprise, its people, Workspaces, boards and tokens, and
 * the rules that tie them together (seats, deactivation, default Workspace, guests). Methods are
 * synchronous and deterministic given the clock; HTTP concerns stay in routes/.
 * Rule violations throw TrelloApiError with the status the API answers.
 */
export class EnterpriseState {
  readonly #clock: SimClock;
  #s: StateIndex;

  constructor(clock: SimClock, snapshot: StateSnapshot) {
    this.#clock = clock;
    this.#s = indexSnapshot(snapshot);
  }

  /**
   * Replaces the whole model (reseed, or a snapshot kept between runs). The state takes ownership
   * of the snapshot's objects: pass a fresh one (generateSeed, parseStateSnapshot, snapshot()).
   */
  restore(snapshot: StateSnapshot): void {
    this.#s = indexSnapshot(snapshot);
  }

  /** The model as JSON text; the same operations on the same seed give the same bytes. */
  snapshotJson(): string {
    const s = this.#s;
    const snapshot: StateSnapshot = {
      version: 1,
      meta: s.meta,
      idCounter: s.ids.counter,
      enterprise: s.enterprise,
      members: s.membersSorted,
      organizations: [...s.organizations.values()],
      boards: [...s.boards.values()],
      tokens: [...s.tokensByValue.values()],
      transfers: s.transfers,
    };
    return JSON.stringify(snapshot);
  }

  /** A deep copy of the model as plain JSON data. */
  snapshot(): StateSnapshot {
    return JSON.parse(this.snapshotJson()) as StateSnapshot;
  }

  get meta(): Readonly<StateMeta> {
    return this.#s.meta;
  }

  get enterprise(): Readonly<EnterpriseRecord> {
    return this.#s.enterprise;
  }

  get licensedCount(): number {
    return this.#s.licensedCount;
  }

  get memberCount(): number {
    return this.#s.membersSorted.length;
  }

  enterpriseAdminIds(): string[] {
    return this.#s.membersSorted.filter((m) => m.enterpriseAdmin).map((m) => m.id);
  }

  #nowIso(): string {
    return this.#clock.now().toISOString();
  }

  #newId(): string {
    return this.#s.ids.next(this.#clock.nowMs());
  }

  // ── lookups ────────────────────────────────────────────────────────────────────────────────

  member(id: string): MemberRecord | undefined {
    return this.#s.members.get(id.toLowerCase());
  }

  memberByEmail(email: string): MemberRecord | undefined {
    const id = this.#s.memberIdByEmail.get(email.trim().toLowerCase());
    return id === undefined ? undefined : this.#s.members.get(id);
  }

  /** Trello member paths take "the ID or username of the member". */
  resolveMember(idOrUsername: string): MemberRecord | undefined {
    if (isTrelloId(idOrUsername)) return this.member(idOrUsername);
    const id = this.#s.memberIdByUsername.get(idOrUsername.toLowerCase());
    return id === undefined ? undefined : this.#s.members.get(id);
  }

  organization(id: string): OrganizationRecord | undefined {
    return this.#s.organizations.get(id.toLowerCase());
  }

  /** Organization paths take "the ID or name of the Organization". */
  resolveOrganization(idOrName: string): OrganizationRecord | undefined {
    if (isTrelloId(idOrName)) return this.organization(idOrName);
    const id = this.#s.organizationIdByName.get(idOrName);
    return id === undefined ? undefined : this.#s.organizations.get(id);
  }

  board(id: string): BoardRecord | undefined {
    return this.#s.boards.get(id.toLowerCase());
  }

  tokenByValue(value: string): TokenRecord | undefined {
    return this.#s.tokensByValue.get(value);
  }

  organizations(): OrganizationRecord[] {
    return [...this.#s.organizations.values()];
  }

  boards(): BoardRecord[] {
    return [...this.#s.boards.values()];
  }

  organizationIdsOf(memberId: string): string[] {
    return [...(this.#s.workspaceMembershipsOf.get(memberId)?.keys() ?? [])];
  }

  boardIdsOf(memberId: string): string[] {
    return [...(this.#s.boardMembershipsOf.get(memberId)?.keys() ?? [])];
  }

  boardMembership(boardId: string, memberId: string): BoardMembershipRecord | undefined {
    return this.#s.boardMembershipsOf.get(memberId)?.get(boardId);
  }

  workspaceMembership(orgId: string, memberId: string): WorkspaceMembershipRecord | undefined {
    return this.#s.workspaceMembershipsOf.get(memberId)?.get(orgId);
  }

  tokensOf(memberId: string): TokenRecord[] {
    return [...this.#s.tokensByValue.values()].filter((t) => t.idMember === memberId);
  }

  // ── derived status (ref: DESIGN.md "The domain in one page", NOTES.md §1–§3) ──────────────

  /** Managed status follows the enterprise's claimed email domains. */
  isManaged(member: MemberRecord): boolean {
    return this.#s.claimedDomains.has(emailDomain(member.email));
  }

  isEnterpriseWorkspace(org: OrganizationRecord): boolean {
    return org.idEnterprise === this.#s.enterprise.id;
  }

  isEnterpriseBoard(board: BoardRecord): boolean {
    if (board.idOrganization === null) return false;
    const org = this.#s.organizations.get(board.idOrganization);
    return org !== undefined && this.isEnterpriseWorkspace(org);
  }

  #hasActiveEnterpriseBoardMembership(member: MemberRecord): boolean {
    const memberships = this.#s.boardMembershipsOf.get(member.id);
    if (!memberships) return false;
    for (const [boardId, ms] of memberships) {
      if (ms.deactivated) continue;
      const board = this.#s.boards.get(boardId);
      if (board && this.isEnterpriseBoard(board)) return true;
    }
    return false;
  }

  #inEnterpriseWorkspace(member: MemberRecord): boolean {
    const memberships = this.#s.workspaceMembershipsOf.get(member.id);
    if (!memberships) return false;
    for (const orgId of memberships.keys()) {
      const org = this.#s.organizations.get(orgId);
      if (org && this.isEnterpriseWorkspace(org)) return true;
    }
    return false;
  }

  /**
   * A board guest: on at least one Enterprise board without a license. UNVERIFIED: an "Enterprise
   * board" is a board of an Enterprise Workspace (its permissionLevel does not matter).
   */
  isCollaborator(member: MemberRecord): boolean {
    return !member.licensed && this.#hasActiveEnterpriseBoardMembership(member);
  }

  /**
   * Whether the person shows up among the enterprise's users at all (in `/members/query`, and as
   * `/enterprises/{id}/members/{idMember}`). UNVERIFIED: managed, licensed, deactivated, admin, in an
   * Enterprise Workspace, or on an Enterprise board; anyone else is a 404 there.
   */
  isEnterpriseMember(member: MemberRecord): boolean {
    return (
      member.licensed ||
      member.deactivated ||
      member.enterpriseAdmin ||
      this.isManaged(member) ||
      this.#inEnterpriseWorkspace(member) ||
      this.#hasActiveEnterpriseBoardMembership(member)
    );
  }

  flags(member: MemberRecord): MembershipFlags {
    return {
      managed: this.isManaged(member),
      licensed: member.licensed,
      admin: member.enterpriseAdmin,
      deactivated: member.deactivated,
      collaborator: this.isCollaborator(member),
    };
  }

  requireEnterpriseMember(memberId: string): MemberRecord {
    const member = this.member(memberId);
    if (!member || !this.isEnterpriseMember(member)) throw modelNotFound();
    return member;
  }

  // ── /members/query ─────────────────────────────────────────────────────────────────────────

  #matches(member: MemberRecord, filter: MemberQueryFilter): boolean {
    if (filter.licensed !== undefined && member.licensed !== filter.licensed) return false;
    if (filter.deactivated !== undefined && member.deactivated !== filter.deactivated) return false;
    if (filter.admin !== undefined && member.enterpriseAdmin !== filter.admin) return false;
    if (filter.managed !== undefined && this.isManaged(member) !== filter.managed) return false;
    const seen = member.dateLastImpression;
    if (filter.activeSince !== undefined && (seen === null || seen < filter.activeSince)) return false;
    if (filter.inactiveSince !== undefined && seen !== null && seen >= filter.inactiveSince) return false;
    if (
      filter.search !== undefined &&
      !member.email.startsWith(filter.search) &&
      !member.fullName.toLowerCase().startsWith(filter.search)
    ) {
      return false;
    }
    // Collaborator status walks the member's board memberships, so it is checked last.
    if (filter.collaborator !== undefined && this.isCollaborator(member) !== filter.collaborator) {
      return false;
    }
    return this.isEnterpriseMember(member);
  }

  /**
   * One page in member-id order, starting after `afterId`. Starts by binary search and stops one
   * match past the page, so paging 100,000 members never rescans from the beginning.
   */
  queryMembers(filter: MemberQueryFilter, afterId: string | null, limit: number): MemberQueryPage {
    const sorted = this.#s.membersSorted;
    const rows: MemberRecord[] = [];
    for (let i = afterId === null ? 0 : upperBound(sorted, afterId.toLowerCase()); i < sorted.length; i++) {
      const member = sorted[i];
      if (member === undefined || !this.#matches(member, filter)) continue;
      if (rows.length === limit) return { rows, nextCursor: rows[rows.length - 1]?.id ?? null };
      rows.push(member);
    }
    return { rows, nextCursor: null };
  }

  // ── seats (ref: NOTES.md §3, §4) ──────────────────────────────────────────────────────────

  #hasFreeSeat(): boolean {
    const max = this.#s.enterprise.maxMembers;
    return max === null || this.#s.licensedCount < max;
  }

  #grantLicense(member: MemberRecord): void {
    if (member.licensed) return;
    if (!this.#hasFreeSeat()) throw noLicenseAvailable();
    member.licensed = true;
    this.#s.licensedCount += 1;
    // ref: NOTES.md §4 "If a Default Workspace is set up, newly licensed users are auto-added to it".
    // UNVERIFIED: that holds for every grant, including those made by a Workspace add or a transfer.
    const defaultId = this.#s.enterprise.defaultWorkspaceId;
    const defaultWorkspace = defaultId === null ? undefined : this.#s.organizations.get(defaultId);
    if (defaultWorkspace) this.#upsertWorkspaceMembership(defaultWorkspace, member, 'normal', true);
  }

  #dropLicense(member: MemberRecord): void {
    if (!member.licensed) return;
    member.licensed = false;
    this.#s.licensedCount -= 1;
  }

  /**
   * Deactivation frees the seat and flags the member's Enterprise Workspace and board memberships
   * as deactivated, keeping them, so the person stays on cards (ref: NOTES.md §4).
   */
  #deactivate(member: MemberRecord): void {
    this.#dropLicense(member);
    member.deactivated = true;
    this.#setEnterpriseMembershipsDeactivated(member, true);
  }

  #setEnterpriseMembershipsDeactivated(member: MemberRecord, deactivated: boolean): void {
    for (const [orgId, ms] of this.#s.workspaceMembershipsOf.get(member.id) ?? []) {
      const org = this.#s.organizations.get(orgId);
      if (org && this.isEnterpriseWorkspace(org)) ms.deactivated = deactivated;
    }
    for (const [boardId, ms] of this.#s.boardMembershipsOf.get(member.id) ?? []) {
      const board = this.#s.boards.get(boardId);
      if (board && this.isEnterpriseBoard(board)) ms.deactivated = deactivated;
    }
  }

  /** PUT /enterprises/{id}/members/{idMember}/licensed?value= */
  setLicensed(memberId: string, value: boolean): MemberRecord {
    const member = this.requireEnterpriseMember(memberId);
    if (value) {
      if (member.licensed) return member;
      // UNVERIFIED: a deactivated member must be reactivated before a grant (DESIGN.md: "reactivate and grant").
      if (member.deactivated) throw memberDeactivated();
      this.#grantLicense(member);
      return member;
    }
    // UNVERIFIED: under AdminHub, grants (above) and reactivation still work; only the two
    // operations the reference names are refused.
    if (this.#s.enterprise.adminHub) throw adminHubRevokeRefused();
    // UNVERIFIED: revoking from an unlicensed member is a no-op (set-to-value), not a deactivation.
    if (!member.licensed) return member;
    // ref: enterprises.openapi.yml "Revoking a license will deactivate a Member of an Enterprise."
    this.#deactivate(member);
    return member;
  }

  /** PUT /enterprises/{id}/members/{idMember}/deactivated?value= */
  setDeactivated(memberId: string, value: boolean): MemberRecord {
    const member = this.requireEnterpriseMember(memberId);
    if (value) {
      if (this.#s.enterprise.adminHub) throw adminHubDeactivateRefused();
      if (!member.deactivated) this.#deactivate(member);
      return member;
    }
    if (member.deactivated) {
      // Reactivation does not re-license (NOTES.md §4). UNVERIFIED: it restores the member's
      // Enterprise Workspace and board memberships, so an unlicensed member on boards is a guest again.
      member.deactivated = false;
      this.#setEnterpriseMembershipsDeactivated(member, false);
    }
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
  applyAdminHubAccess(email: string, access: boolean): void {
    const member = this.memberByEmail(email);
    if (!member || !this.isEnterpriseMember(member)) return;
    if (!access) {
      if (member.licensed || !member.deactivated) this.#deactivate(member);
      return;
    }
    if (!member.licensed && !this.#hasFreeSeat()) throw noLicenseAvailable();
    if (member.deactivated) {
      member.deactivated = false;
      this.#setEnterpriseMembershipsDeactivated(member, false);
    }
    this.#grantLicense(member);
  }

  // ── Workspaces ─────────────────────────────────────────────────────────────────────────────

  requireOrganization(idOrName: string): OrganizationRecord {
    const org = this.resolveOrganization(idOrName);
    if (!org) throw modelNotFound();
    return org;
  }

  #upsertWorkspaceMembership(
    org: OrganizationRecord,
    member: MemberRecord,
    type: WorkspaceMemberType,
    keepExistingType: boolean,
  ): WorkspaceMembershipRecord {
    const index = nestedIndex(this.#s.workspaceMembershipsOf, member.id);
    const existing = index.get(org.id);
    if (existing) {
      if (!keepExistingType) existing.memberType = type;
      existing.deactivated = false;
      return existing;
    }
    const membership: WorkspaceMembershipRecord = {
      id: this.#newId(),
      idMember: member.id,
      memberType: type,
      unconfirmed: !member.confirmed,
      deactivated: false,
    };
    org.memberships.push(membership);
    index.set(org.id, membership);
    return membership;
  }

  /**
   * PUT /organizations/{id}/members/{idMember}: adding someone to an Enterprise Workspace grants a
   * license when they have none (ref: NOTES.md §4), so it fails when no seat is left. An existing
   * membership gets the new type and, if deactivated, becomes active again (UNVERIFIED).
   */
  addToWorkspace(orgIdOrName: string, member: MemberRecord, type: WorkspaceMemberType): MemberRecord {
    const org = this.requireOrganization(orgIdOrName);
    // UNVERIFIED: someone already in the Workspace is not checked again (a type change passes).
    if (this.workspaceMembership(org.id, member.id) === undefined)
      this.#checkRestrictions(org, member.email, this.isManaged(member));
    if (this.isEnterpriseWorkspace(org)) {
      if (member.deactivated) throw memberDeactivated();
      this.#grantLicense(member);
    }
    this.#upsertWorkspaceMembership(org, member, type, false);
    return member;
  }

  /**
   * PUT /organizations/{id}/members?email=&fullName=: an existing account is added as above;
   * otherwise an unconfirmed ("ghost") account is created. Re-inviting the same email finds that
   * account again, so no second member appears. UNVERIFIED: emails match case-insensitively, and a
   * repeated invitation with another `type` changes the membership type.
   */
  inviteToWorkspace(
    orgIdOrName: string,
    email: string,
    fullName: string,
    type: WorkspaceMemberType,
  ): { member: MemberRecord; created: boolean } {
    const org = this.requireOrganization(orgIdOrName);
    const existing = this.memberByEmail(email);
    if (existing) return { member: this.addToWorkspace(org.id, existing, type), created: false };
    // A refused invitation creates nobody (UNVERIFIED). The account would be managed when its
    // domain is claimed by the enterprise.
    this.#checkRestrictions(org, email, this.#s.claimedDomains.has(emailDomain(email.toLowerCase())));
    // UNVERIFIED: an invitation into an Enterprise Workspace takes a seat at once, so check first
    // and create nothing when none is left.
    if (this.isEnterpriseWorkspace(org) && !this.#hasFreeSeat()) throw noLicenseAvailable();
    const member = this.#insertMember({ email, fullName, confirmed: false });
    return { member: this.addToWorkspace(org.id, member, type), created: true };
  }

  /**
   * The Workspace's membership restrictions, checked on explicit invites and adds only.
   * UNVERIFIED: the automatic add to the default Workspace that comes with a license grant is not
   * checked (Trello documents that add without exceptions); managed-only is checked first.
   */
  #checkRestrictions(org: OrganizationRecord, email: string, managed: boolean): void {
    const prefs = org.prefs ?? NO_ORGANIZATION_RESTRICTIONS;
    if (prefs.managedOnly && !managed) throw workspaceRestricted('managed-only');
    if (!emailAllowedBy(prefs.orgInviteRestrict, email)) throw workspaceRestricted('email-domain');
  }

  /** Sets a Workspace's membership restrictions (PUT /organizations/{id} prefs, or the control plane). */
  setOrganizationPrefs(orgIdOrName: string, prefs: Partial<OrganizationPrefsRecord>): OrganizationRecord {
    const org = this.requireOrganization(orgIdOrName);
    org.prefs = { ...(org.prefs ?? NO_ORGANIZATION_RESTRICTIONS), ...prefs };
    return org;
  }

  /** UNVERIFIED: leaving a Workspace keeps the member's license and board memberships. */
  removeFromWorkspace(orgIdOrName: string, memberId: string): void {
    const org = this.requireOrganization(orgIdOrName);
    const index = this.#s.workspaceMembershipsOf.get(memberId);
    const membership = index?.get(org.id);
    if (!index || !membership) throw modelNotFound();
    index.delete(org.id);
    org.memberships = org.memberships.filter((ms) => ms !== membership);
  }

  enterpriseOrganizations(): OrganizationRecord[] {
    return this.organizations().filter((org) => this.isEnterpriseWorkspace(org));
  }

  /** Workspaces that asked to join the enterprise and are not in it yet. */
  pendingOrganizations(): OrganizationRecord[] {
    return this.organizations().filter(
      (org) => org.idEnterprise === null && org.enterpriseJoinRequest !== null,
    );
  }

  /**
   * UNVERIFIED: "claimable" = outside any enterprise, no join request, and at least one active
   * admin whose account the enterprise manages (the reference only says "claimable by the enterprise").
   */
  claimableOrganizations(): OrganizationRecord[] {
    return this.organizations().filter(
      (org) =>
        org.idEnterprise === null &&
        org.enterpriseJoinRequest === null &&
        org.memberships.some((ms) => {
          const member = this.#s.members.get(ms.idMember);
          return (
            ms.memberType === 'admin' && !ms.deactivated && member !== undefined && this.isManaged(member)
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
  transferOrganization(orgId: string): TransferOutcome {
    const org = this.requireOrganization(orgId);
    if (this.isEnterpriseWorkspace(org)) return { organization: org, licensed: [], unlicensed: [] };
    org.idEnterprise = this.#s.enterprise.id;
    org.enterpriseJoinRequest = null;
    org.transferRequestedAt = null;
    const licensed: string[] = [];
    const unlicensed: string[] = [];
    for (const ms of [...org.memberships]) {
      const member = this.#s.members.get(ms.idMember);
      // Members deactivated in the enterprise stay in the Workspace, flagged like their other memberships.
      if (member?.deactivated) ms.deactivated = true;
      if (!member || ms.deactivated || member.licensed) continue;
      if (this.#hasFreeSeat()) {
        this.#grantLicense(member);
        licensed.push(member.id);
      } else {
        unlicensed.push(member.id);
      }
    }
    this.#s.transfers.push({ idOrganization: org.id, completedAt: this.#nowIso(), licensed, unlicensed });
    return { organization: org, licensed, unlicensed };
  }

  /** AdminHub enterprises accept a transfer now and apply it later (ref: NOTES.md §8.2). */
  requestTransfer(orgId: string): OrganizationRecord {
    const org = this.requireOrganization(orgId);
    if (!this.isEnterpriseWorkspace(org) && org.transferRequestedAt === null) {
      org.transferRequestedAt = this.#nowIso();
    }
    return org;
  }

  pendingTransferIds(): string[] {
    return this.organizations()
      .filter((org) => org.transferRequestedAt !== null)
      .map((org) => org.id);
  }

  // ── boards ─────────────────────────────────────────────────────────────────────────────────

  requireBoard(boardId: string): BoardRecord {
    const board = this.board(boardId);
    if (!board) throw modelNotFound();
    return board;
  }

  #activeAdminCount(board: BoardRecord): number {
    return board.memberships.filter((ms) => ms.memberType === 'admin' && !ms.deactivated).length;
  }

  #isLastActiveAdmin(board: BoardRecord, membership: BoardMembershipRecord): boolean {
    return membership.memberType === 'admin' && !membership.deactivated && this.#activeAdminCount(board) <= 1;
  }

  /** PUT /boards/{id}/members/{idMember}?type=: adds, or changes the type of, a membership. */
  setBoardMember(boardId: string, member: MemberRecord, type: BoardMemberType): BoardRecord {
    const board = this.requireBoard(boardId);
    if (member.deactivated && this.isEnterpriseBoard(board)) throw memberDeactivated();
    const index = nestedIndex(this.#s.boardMembershipsOf, member.id);
    const existing = index.get(board.id);
    if (existing) {
      if (type !== 'admin' && this.#isLastActiveAdmin(board, existing)) throw lastBoardAdmin();
      existing.memberType = type;
      return board;
    }
    const membership: BoardMembershipRecord = {
      id: this.#newId(),
      idMember: member.id,
      memberType: type,
      unconfirmed: !member.confirmed,
      deactivated: false,
    };
    board.memberships.push(membership);
    index.set(board.id, membership);
    return board;
  }

  /** UNVERIFIED: removing someone who is not on the board is a 404. */
  removeBoardMember(boardId: string, memberId: string): void {
    const board = this.requireBoard(boardId);
    const index = this.#s.boardMembershipsOf.get(memberId);
    const membership = index?.get(board.id);
    if (!index || !membership) throw modelNotFound();
    if (this.#isLastActiveAdmin(board, membership)) throw lastBoardAdmin();
    index.delete(board.id);
    board.memberships = board.memberships.filter((ms) => ms !== membership);
  }

  /** Boards where no active admin is left: what offboarding must never produce. */
  boardsWithoutActiveAdmin(): BoardRecord[] {
    return this.boards().filter((board) => !board.closed && this.#activeAdminCount(board) === 0);
  }

  // ── tokens (ref: NOTES.md §6) ─────────────────────────────────────────────────────────────

  deleteToken(value: string): boolean {
    return this.#s.tokensByValue.delete(value);
  }

  deleteTokensOf(memberId: string, kinds: readonly TokenKind[]): number {
    let deleted = 0;
    for (const token of this.tokensOf(memberId)) {
      if (kinds.includes(token.kind) && this.#s.tokensByValue.delete(token.value)) deleted += 1;
    }
    return deleted;
  }

  createToken(input: NewTokenInput): TokenRecord {
    const owner = this.member(input.idMember);
    if (!owner) throw modelNotFound();
    const id = this.#newId();
    const token: TokenRecord = {
      id,
      value: createHash('sha256').update(`${this.#s.meta.idMachine}:token:${id}`).digest('hex'),
      kind: input.kind,
      idMember: owner.id,
      identifier: input.identifier,
      dateCreated: this.#nowIso(),
      dateExpires: input.dateExpires,
      permissions: input.permissions ?? [{ idModel: '*', modelType: 'board', read: true, write: true }],
    };
    this.#s.tokensByValue.set(token.value, token);
    return token;
  }

  // ── things only a person or the Trello UI does (control plane) ─────────────────────────────

  #uniqueUsername(wanted: string): string {
    let base = wanted.toLowerCase().replace(/[^a-z0-9_]/g, '');
    if (base.length < 3) base = `${base}user`.slice(0, Math.max(3, base.length + 4));
    let candidate = base;
    for (let n = 1; this.#s.memberIdByUsername.has(candidate); n++) candidate = `${base}${n}`;
    return candidate;
  }

  #insertMember(input: NewMemberInput): MemberRecord {
    const email = input.email.trim().toLowerCase();
    if (this.#s.memberIdByEmail.has(email)) {
      throw new TrelloApiError(409, 'MEMBER_EXISTS', 'an account with this email already exists');
    }
    const id = this.#newId();
    const member: MemberRecord = {
      id,
      username: this.#uniqueUsername(input.username ?? email.slice(0, email.indexOf('@'))),
      fullName: input.fullName,
      initials: initialsOf(input.fullName),
      email,
      confirmed: input.confirmed ?? true,
      licensed: false,
      deactivated: false,
      enterpriseAdmin: input.enterpriseAdmin ?? false,
      dateLastImpression: input.dateLastImpression ?? null,
    };
    const sorted = this.#s.membersSorted;
    sorted.splice(upperBound(sorted, id), 0, member);
    this.#s.members.set(id, member);
    this.#s.memberIdByEmail.set(email, id);
    this.#s.memberIdByUsername.set(member.username, id);
    return member;
  }

  /**
   * An arbitrary member for a test. Licensing (explicit, or by joining an Enterprise Workspace)
   * follows the seat rules; everything is checked before anything is created.
   */
  createMember(input: NewMemberInput): MemberRecord {
    if (input.licensed && input.deactivated) {
      throw new TrelloApiError(400, 'INVALID_VALUE', 'a member cannot be both licensed and deactivated');
    }
    const workspaces = (input.workspaces ?? []).map((w) => ({
      org: this.requireOrganization(w.idOrganization),
      type: w.type,
    }));
    const boards = (input.boards ?? []).map((b) => ({ board: this.requireBoard(b.idBoard), type: b.type }));
    const needsSeat =
      input.licensed === true || workspaces.some(({ org }) => this.isEnterpriseWorkspace(org));
    if (needsSeat && !this.#hasFreeSeat()) throw noLicenseAvailable();
    const member = this.#insertMember(input);
    if (input.licensed) this.#grantLicense(member);
    for (const { org, type } of workspaces) this.addToWorkspace(org.id, member, type);
    for (const { board, type } of boards) this.setBoardMember(board.id, member, type);
    if (input.deactivated) this.#deactivate(member);
    return member;
  }

  /**
   * A person logs in to Trello: first login creates a confirmed free account (managed when the
   * domain is claimed), an invitee becomes confirmed, and activity is recorded in every case.
   */
  login(email: string, fullName?: string): { member: MemberRecord; created: boolean } {
    // UNVERIFIED: a first login never takes a seat (DESIGN.md: "wait until the person first logs in").
    const existing = this.memberByEmail(email);
    if (existing) {
      this.#confirm(existing);
      existing.dateLastImpression = this.#nowIso();
      return { member: existing, created: false };
    }
    const localPart = email.slice(0, email.indexOf('@'));
    const member = this.#insertMember({
      email,
      fullName: fullName ?? localPart,
      confirmed: true,
      dateLastImpression: this.#nowIso(),
    });
    return { member, created: true };
  }

  #confirm(member: MemberRecord): void {
    if (member.confirmed) return;
    member.confirmed = true;
    for (const ms of this.#s.workspaceMembershipsOf.get(member.id)?.values() ?? []) ms.unconfirmed = false;
    for (const ms of this.#s.boardMembershipsOf.get(member.id)?.values() ?? []) ms.unconfirmed = false;
  }

  acceptInvite(memberId: string): MemberRecord {
    const member = this.member(memberId);
    if (!member) throw modelNotFound();
    this.#confirm(member);
    member.dateLastImpression = this.#nowIso();
    return member;
  }

  recordActivity(memberId: string, at?: Date): MemberRecord {
    const member = this.member(memberId);
    if (!member) throw modelNotFound();
    member.dateLastImpression = (at ?? this.#clock.now()).toISOString();
    return member;
  }

  #shortLink(): string {
    return createHash('sha256')
      .update(`${this.#s.meta.idMachine}:board:${this.#s.ids.counter}`)
      .digest('base64url')
      .slice(0, 8);
  }

  createBoard(input: NewBoardInput): BoardRecord {
    const org = input.idOrganization === null ? undefined : this.requireOrganization(input.idOrganization);
    const members = input.members.map((m) => {
      const member = this.member(m.idMember);
      if (!member) throw modelNotFound();
      if (member.deactivated && org && this.isEnterpriseWorkspace(org)) throw memberDeactivated();
      return { member, type: m.type };
    });
    const creator = members.find((m) => m.type === 'admin')?.member.id ?? this.#s.meta.serviceAccountId;
    const board: BoardRecord = {
      id: this.#newId(),
      name: input.name,
      shortLink: this.#shortLink(),
      closed: input.closed,
      idOrganization: org?.id ?? null,
      idMemberCreator: creator,
      permissionLevel: input.permissionLevel,
      dateLastActivity: this.#nowIso(),
      memberships: [],
    };
    this.#s.boards.set(board.id, board);
    for (const { member, type } of members) this.setBoardMember(board.id, member, type);
    return board;
  }

  /**
   * A Workspace for a test. Setup only: members are placed as given, without licenses (the real
   * rule runs through PUT /1/organizations/{id}/members).
   */
  createOrganization(input: NewOrganizationInput): OrganizationRecord {
    const name = input.name ?? input.displayName.toLowerCase().replace(/[^a-z0-9_]/g, '');
    if (this.#s.organizationIdByName.has(name) || name.length < 3) {
      throw new TrelloApiError(400, 'INVALID_VALUE', 'invalid value for name');
    }
    const requester = input.joinRequestedBy === undefined ? undefined : this.member(input.joinRequestedBy);
    if (input.joinRequestedBy !== undefined && !requester) throw modelNotFound();
    const members = input.members.map((m) => {
      const member = this.member(m.idMember);
      if (!member) throw modelNotFound();
      return { member, type: m.type };
    });
    const org: OrganizationRecord = {
      id: this.#newId(),
      name,
      displayName: input.displayName,
      idEnterprise: input.enterprise ? this.#s.enterprise.id : null,
      dateLastActivity: this.#nowIso(),
      memberships: [],
      enterpriseJoinRequest:
        requester === undefined || input.enterprise ? null : { idMember: requester.id, date: this.#nowIso() },
      transferRequestedAt: null,
      prefs: { ...NO_ORGANIZATION_RESTRICTIONS },
    };
    this.#s.organizations.set(org.id, org);
    this.#s.organizationIdByName.set(org.name, org.id);
    for (const { member, type } of members) this.#upsertWorkspaceMembership(org, member, type, false);
    return org;
  }

  configureEnterprise(settings: EnterpriseSettings): EnterpriseRecord {
    const enterprise = this.#s.enterprise;
    if (settings.defaultWorkspaceId !== undefined && settings.defaultWorkspaceId !== null) {
      const org = this.organization(settings.defaultWorkspaceId);
      if (!org || !this.isEnterpriseWorkspace(org)) {
        throw new TrelloApiError(
          400,
          'INVALID_VALUE',
          'the default Workspace must be an Enterprise Workspace',
        );
      }
      enterprise.defaultWorkspaceId = org.id;
    } else if (settings.defaultWorkspaceId === null) {
      enterprise.defaultWorkspaceId = null;
    }
    if (settings.maxMembers !== undefined) enterprise.maxMembers = settings.maxMembers;
    if (settings.adminHub !== undefined) enterprise.adminHub = settings.adminHub;
    if (settings.queryCursorStyle !== undefined) enterprise.queryCursorStyle = settings.queryCursorStyle;
    if (settings.ignoreQueryCursor !== undefined) enterprise.ignoreQueryCursor = settings.ignoreQueryCursor;
    return enterprise;
  }
}

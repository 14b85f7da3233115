/**
 * The simulated Trello Enterprise: one enterprise, its people, Workspaces, boards and tokens, and
 * the rules that tie them together. Each concern lives in its own module under enterprise/, all
 * working on one StateStore; this class is their one surface. It stays one class because that
 * surface is what the journal records (state-journal.ts wraps each changing method by name, and
 * replays the outermost calls), what the routes and the control plane call, and what tests hold.
 * Methods are synchronous and deterministic given the clock; HTTP concerns stay in routes/.
 * Rule violations throw TrelloApiError with the status the API answers.
 */

import type { NewMemberInput } from './enterprise/accounts.ts';
import * as accounts from './enterprise/accounts.ts';
import type { NewBoardInput } from './enterprise/boards.ts';
import * as boards from './enterprise/boards.ts';
import type { TransferOutcome } from './enterprise/enterprise-join.ts';
import * as join from './enterprise/enterprise-join.ts';
import type { EnterpriseSettings, NewOrganizationInput } from './enterprise/enterprise-setup.ts';
import * as setup from './enterprise/enterprise-setup.ts';
import * as lookups from './enterprise/lookups.ts';
import { type MemberQueryFilter, type MemberQueryPage, queryMembers } from './enterprise/member-query.ts';
import type { MembershipFlags } from './enterprise/membership-status.ts';
import * as status from './enterprise/membership-status.ts';
import * as seats from './enterprise/seats.ts';
import { StateStore } from './enterprise/state-store.ts';
import type { NewTokenInput } from './enterprise/tokens.ts';
import * as tokens from './enterprise/tokens.ts';
import * as workspaces from './enterprise/workspaces.ts';
import type { SimClock } from './sim-clock.ts';
import type {
  BoardMembershipRecord,
  BoardMemberType,
  BoardRecord,
  EnterpriseRecord,
  MemberRecord,
  OrganizationPrefsRecord,
  OrganizationRecord,
  StateMeta,
  StateSnapshot,
  TokenKind,
  TokenRecord,
  WorkspaceMembershipRecord,
  WorkspaceMemberType,
} from './state-schema.ts';

export class EnterpriseState {
  readonly #store: StateStore;

  constructor(clock: SimClock, snapshot: StateSnapshot) {
    this.#store = new StateStore(clock, snapshot);
  }

  // ── the model as a whole ───────────────────────────────────────────────────────────────────

  /** Replaces the whole model (see StateStore.restore: pass a fresh snapshot). */
  restore(snapshot: StateSnapshot): void {
    this.#store.restore(snapshot);
  }

  /** The model as JSON text; the same operations on the same seed give the same bytes. */
  snapshotJson(): string {
    return this.#store.snapshotJson();
  }

  /** A deep copy of the model as plain JSON data. */
  snapshot(): StateSnapshot {
    return JSON.parse(this.snapshotJson()) as StateSnapshot;
  }

  get meta(): Readonly<StateMeta> {
    return this.#store.index.meta;
  }

  get enterprise(): Readonly<EnterpriseRecord> {
    return this.#store.index.enterprise;
  }

  get licensedCount(): number {
    return this.#store.index.licensedCount;
  }

  get memberCount(): number {
    return this.#store.index.membersSorted.length;
  }

  // ── lookups (enterprise/lookups.ts) ───────────────────────────────────────────────────────

  member(id: string): MemberRecord | undefined {
    return lookups.member(this.#store, id);
  }

  memberByEmail(email: string): MemberRecord | undefined {
    return lookups.memberByEmail(this.#store, email);
  }

  resolveMember(idOrUsername: string): MemberRecord | undefined {
    return lookups.resolveMember(this.#store, idOrUsername);
  }

  organization(id: string): OrganizationRecord | undefined {
    return lookups.organization(this.#store, id);
  }

  resolveOrganization(idOrName: string): OrganizationRecord | undefined {
    return lookups.resolveOrganization(this.#store, idOrName);
  }

  requireOrganization(idOrName: string): OrganizationRecord {
    return lookups.requireOrganization(this.#store, idOrName);
  }

  board(id: string): BoardRecord | undefined {
    return lookups.board(this.#store, id);
  }

  requireBoard(boardId: string): BoardRecord {
    return lookups.requireBoard(this.#store, boardId);
  }

  tokenByValue(value: string): TokenRecord | undefined {
    return lookups.tokenByValue(this.#store, value);
  }

  tokensOf(memberId: string): TokenRecord[] {
    return lookups.tokensOf(this.#store, memberId);
  }

  organizations(): OrganizationRecord[] {
    return lookups.organizations(this.#store);
  }

  boards(): BoardRecord[] {
    return lookups.boards(this.#store);
  }

  organizationIdsOf(memberId: string): string[] {
    return lookups.organizationIdsOf(this.#store, memberId);
  }

  boardIdsOf(memberId: string): string[] {
    return lookups.boardIdsOf(this.#store, memberId);
  }

  boardMembership(boardId: string, memberId: string): BoardMembershipRecord | undefined {
    return lookups.boardMembership(this.#store, boardId, memberId);
  }

  workspaceMembership(orgId: string, memberId: string): WorkspaceMembershipRecord | undefined {
    return lookups.workspaceMembership(this.#store, orgId, memberId);
  }

  // ── membership status (enterprise/membership-status.ts) and /members/query ───────────────

  isManaged(member: MemberRecord): boolean {
    return status.isManaged(this.#store, member);
  }

  isEnterpriseWorkspace(org: OrganizationRecord): boolean {
    return status.isEnterpriseWorkspace(this.#store, org);
  }

  isEnterpriseBoard(board: BoardRecord): boolean {
    return status.isEnterpriseBoard(this.#store, board);
  }

  isCollaborator(member: MemberRecord): boolean {
    return status.isCollaborator(this.#store, member);
  }

  isEnterpriseMember(member: MemberRecord): boolean {
    return status.isEnterpriseMember(this.#store, member);
  }

  flags(member: MemberRecord): MembershipFlags {
    return status.flags(this.#store, member);
  }

  requireEnterpriseMember(memberId: string): MemberRecord {
    return status.requireEnterpriseMember(this.#store, memberId);
  }

  enterpriseAdminIds(): string[] {
    return status.enterpriseAdminIds(this.#store);
  }

  queryMembers(filter: MemberQueryFilter, afterId: string | null, limit: number): MemberQueryPage {
    return queryMembers(this.#store, filter, afterId, limit);
  }

  // ── seats and deactivation (enterprise/seats.ts) ──────────────────────────────────────────

  setLicensed(memberId: string, value: boolean): MemberRecord {
    return seats.setLicensed(this.#store, memberId, value);
  }

  setDeactivated(memberId: string, value: boolean): MemberRecord {
    return seats.setDeactivated(this.#store, memberId, value);
  }

  applyAdminHubAccess(email: string, access: boolean): void {
    seats.applyAdminHubAccess(this.#store, email, access);
  }

  // ── Workspaces (enterprise/workspaces.ts, enterprise/enterprise-join.ts) ──────────────────

  addToWorkspace(orgIdOrName: string, member: MemberRecord, type: WorkspaceMemberType): MemberRecord {
    return workspaces.addToWorkspace(this.#store, orgIdOrName, member, type);
  }

  inviteToWorkspace(
    orgIdOrName: string,
    email: string,
    fullName: string,
    type: WorkspaceMemberType,
  ): { member: MemberRecord; created: boolean } {
    return workspaces.inviteToWorkspace(this.#store, orgIdOrName, email, fullName, type);
  }

  setOrganizationPrefs(orgIdOrName: string, prefs: Partial<OrganizationPrefsRecord>): OrganizationRecord {
    return workspaces.setOrganizationPrefs(this.#store, orgIdOrName, prefs);
  }

  removeFromWorkspace(orgIdOrName: string, memberId: string): void {
    workspaces.removeFromWorkspace(this.#store, orgIdOrName, memberId);
  }

  enterpriseOrganizations(): OrganizationRecord[] {
    return join.enterpriseOrganizations(this.#store);
  }

  pendingOrganizations(): OrganizationRecord[] {
    return join.pendingOrganizations(this.#store);
  }

  claimableOrganizations(): OrganizationRecord[] {
    return join.claimableOrganizations(this.#store);
  }

  transferOrganization(orgId: string): TransferOutcome {
    return join.transferOrganization(this.#store, orgId);
  }

  requestTransfer(orgId: string): OrganizationRecord {
    return join.requestTransfer(this.#store, orgId);
  }

  pendingTransferIds(): string[] {
    return join.pendingTransferIds(this.#store);
  }

  // ── boards (enterprise/boards.ts) ─────────────────────────────────────────────────────────

  setBoardMember(boardId: string, member: MemberRecord, type: BoardMemberType): BoardRecord {
    return boards.setBoardMember(this.#store, boardId, member, type);
  }

  removeBoardMember(boardId: string, memberId: string): void {
    boards.removeBoardMember(this.#store, boardId, memberId);
  }

  boardsWithoutActiveAdmin(): BoardRecord[] {
    return boards.boardsWithoutActiveAdmin(this.#store);
  }

  createBoard(input: NewBoardInput): BoardRecord {
    return boards.createBoard(this.#store, input);
  }

  // ── tokens (enterprise/tokens.ts) ─────────────────────────────────────────────────────────

  deleteToken(value: string): boolean {
    return tokens.deleteToken(this.#store, value);
  }

  deleteTokensOf(memberId: string, kinds: readonly TokenKind[]): number {
    return tokens.deleteTokensOf(this.#store, memberId, kinds);
  }

  createToken(input: NewTokenInput): TokenRecord {
    return tokens.createToken(this.#store, input);
  }

  // ── what a person does (enterprise/accounts.ts) and test setup (enterprise/enterprise-setup.ts)

  login(email: string, fullName?: string): { member: MemberRecord; created: boolean } {
    return accounts.login(this.#store, email, fullName);
  }

  acceptInvite(memberId: string): MemberRecord {
    return accounts.acceptInvite(this.#store, memberId);
  }

  recordActivity(memberId: string, at?: Date): MemberRecord {
    return accounts.recordActivity(this.#store, memberId, at);
  }

  createMember(input: NewMemberInput): MemberRecord {
    return setup.createMember(this.#store, input);
  }

  createOrganization(input: NewOrganizationInput): OrganizationRecord {
    return setup.createOrganization(this.#store, input);
  }

  configureEnterprise(settings: EnterpriseSettings): EnterpriseRecord {
    return setup.configureEnterprise(this.#store, settings);
  }
}

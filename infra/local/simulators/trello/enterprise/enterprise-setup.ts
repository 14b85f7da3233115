/**
 * Setting up an Enterprise for a test (the control plane): members, Workspaces and the
 * enterprise's own settings, each checked before anything is created.
 */
import type {
  EnterpriseRecord,
  MemberRecord,
  OrganizationRecord,
  QueryCursorStyle,
  WorkspaceMemberType,
} from '../state-schema.ts';
import { NO_ORGANIZATION_RESTRICTIONS } from '../state-schema.ts';
import { modelNotFound, noLicenseAvailable, TrelloApiError } from '../trello-errors.ts';
import { insertMember, type NewMemberInput } from './accounts.ts';
import { setBoardMember } from './boards.ts';
import { member as memberById, organization, requireBoard, requireOrganization } from './lookups.ts';
import { isEnterpriseWorkspace } from './membership-status.ts';
import { upsertWorkspaceMembership } from './memberships.ts';
import { deactivate, grantLicense, hasFreeSeat } from './seats.ts';
import type { StateStore } from './state-store.ts';
import { addToWorkspace } from './workspaces.ts';

export interface NewOrganizationInput {
  displayName: string;
  name?: string;
  enterprise: boolean;
  /** Member who asked for the Workspace to join the enterprise (makes it "pending"). */
  joinRequestedBy?: string;
  members: { idMember: string; type: WorkspaceMemberType }[];
}

export interface EnterpriseSettings {
  maxMembers?: number | null;
  adminHub?: boolean;
  queryCursorStyle?: QueryCursorStyle;
  ignoreQueryCursor?: boolean;
  defaultWorkspaceId?: string | null;
}

/**
 * An arbitrary member for a test. Licensing (explicit, or by joining an Enterprise Workspace)
 * follows the seat rules; everything is checked before anything is created.
 */
export function createMember(store: StateStore, input: NewMemberInput): MemberRecord {
  if (input.licensed && input.deactivated) {
    throw new TrelloApiError(400, 'INVALID_VALUE', 'a member cannot be both licensed and deactivated');
  }
  const workspaces = (input.workspaces ?? []).map((w) => ({
    org: requireOrganization(store, w.idOrganization),
    type: w.type,
  }));
  const boards = (input.boards ?? []).map((b) => ({ board: requireBoard(store, b.idBoard), type: b.type }));
  const needsSeat =
    input.licensed === true || workspaces.some(({ org }) => isEnterpriseWorkspace(store, org));
  if (needsSeat && !hasFreeSeat(store)) throw noLicenseAvailable();
  const member = insertMember(store, input);
  if (input.licensed) grantLicense(store, member);
  for (const { org, type } of workspaces) addToWorkspace(store, org.id, member, type);
  for (const { board, type } of boards) setBoardMember(store, board.id, member, type);
  if (input.deactivated) deactivate(store, member);
  return member;
}

/**
 * A Workspace for a test. Setup only: members are placed as given, without licenses (the real
 * rule runs through PUT /1/organizations/{id}/members).
 */
export function createOrganization(store: StateStore, input: NewOrganizationInput): OrganizationRecord {
  const s = store.index;
  const name = input.name ?? input.displayName.toLowerCase().replace(/[^a-z0-9_]/g, '');
  if (s.organizationIdByName.has(name) || name.length < 3) {
    throw new TrelloApiError(400, 'INVALID_VALUE', 'invalid value for name');
  }
  const requester =
    input.joinRequestedBy === undefined ? undefined : memberById(store, input.joinRequestedBy);
  if (input.joinRequestedBy !== undefined && !requester) throw modelNotFound();
  const members = input.members.map((m) => {
    const member = memberById(store, m.idMember);
    if (!member) throw modelNotFound();
    return { member, type: m.type };
  });
  const org: OrganizationRecord = {
    id: store.newId(),
    name,
    displayName: input.displayName,
    idEnterprise: input.enterprise ? s.enterprise.id : null,
    dateLastActivity: store.nowIso(),
    memberships: [],
    enterpriseJoinRequest:
      requester === undefined || input.enterprise ? null : { idMember: requester.id, date: store.nowIso() },
    transferRequestedAt: null,
    prefs: { ...NO_ORGANIZATION_RESTRICTIONS },
  };
  s.organizations.set(org.id, org);
  s.organizationIdByName.set(org.name, org.id);
  for (const { member, type } of members) upsertWorkspaceMembership(store, org, member, type, false);
  return org;
}

export function configureEnterprise(store: StateStore, settings: EnterpriseSettings): EnterpriseRecord {
  const enterprise = store.index.enterprise;
  if (settings.defaultWorkspaceId !== undefined && settings.defaultWorkspaceId !== null) {
    const org = organization(store, settings.defaultWorkspaceId);
    if (!org || !isEnterpriseWorkspace(store, org)) {
      throw new TrelloApiError(400, 'INVALID_VALUE', 'the default Workspace must be an Enterprise Workspace');
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

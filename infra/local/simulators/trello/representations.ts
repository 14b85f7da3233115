import { createHash } from 'node:crypto';
import type { EnterpriseState } from './enterprise-state.ts';
import type {
  BoardMembershipRecord,
  BoardRecord,
  MemberRecord,
  OrganizationRecord,
  TokenRecord,
  WorkspaceMembershipRecord,
} from './state-schema.ts';
import { invalidValue } from './trello-errors.ts';

/**
 * Trello wire shapes, written from the schemas in shared/reference/trello/*.yml. Field names and
 * casing follow the reference exactly, including its oddities (`fullname` and `avatarURL` inside a
 * `/members/query` Membership, ref: NOTES.md §8.6).
 */

export type Json = Record<string, unknown>;

/**
 * `all`, or a comma-separated list; `id` always comes back, as Trello does. UNVERIFIED: a field
 * name the object does not have answers 400 "invalid value for fields" rather than being ignored.
 */
export function parseFieldList(raw: string | undefined, fallback: string): string[] | 'all' {
  const value = (raw ?? fallback).trim();
  if (value === 'all') return 'all';
  return value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

export function project(full: Json, fields: string[] | 'all', param = 'fields'): Json {
  if (fields === 'all') return full;
  const out: Json = { id: full.id };
  for (const field of fields) {
    if (!(field in full)) throw invalidValue(param);
    out[field] = full[field];
  }
  return out;
}

/** Derived from the id rather than stored: keeps 100k-member snapshots small and seeds fast. */
export function avatarHashFor(id: string): string {
  return createHash('md5').update(`avatar:${id}`).digest('hex');
}

function avatarUrl(member: MemberRecord): string {
  return `https://trello-members.s3.amazonaws.com/${member.id}/${avatarHashFor(member.id)}`;
}

/** ref: enterprises.openapi.yml components.schemas.Member (also members/organizations subsets). */
export function memberJson(
  state: EnterpriseState,
  member: MemberRecord,
  options: { showEmail: boolean },
): Json {
  const enterpriseId = state.enterprise.id;
  const managed = state.isManaged(member);
  const avatarHash = avatarHashFor(member.id);
  const json: Json = {
    id: member.id,
    activityBlocked: false,
    avatarHash,
    avatarUrl: avatarUrl(member),
    bio: '',
    bioData: { emoji: {} },
    confirmed: member.confirmed,
    fullName: member.fullName,
    // UNVERIFIED: idEnterprise is undocumented; set for managed or licensed members (NOTES.md §4).
    idEnterprise: managed || member.licensed ? enterpriseId : undefined,
    idEnterprisesDeactivated: member.deactivated ? [enterpriseId] : [],
    // The schema types idMemberReferrer as a TrelloID string: absent rather than null when unknown.
    idMemberReferrer: undefined,
    idPremOrgsAdmin: [],
    initials: member.initials,
    memberType: member.confirmed ? 'normal' : 'ghost',
    nonPublic: {},
    nonPublicAvailable: false,
    products: [],
    url: `https://trello.com/${member.username}`,
    username: member.username,
    status: 'disconnected',
    aaEmail: null,
    aaEnrolledDate: null,
    aaId: null,
    avatarSource: 'upload',
    gravatarHash: avatarHash,
    idBoards: state.boardIdsOf(member.id),
    idOrganizations: state.organizationIdsOf(member.id),
    idEnterprisesAdmin: member.enterpriseAdmin ? [enterpriseId] : [],
    limits: {},
    loginTypes: member.confirmed ? ['password'] : [],
    marketingOptIn: { optedIn: false },
    oneTimeMessagesDismissed: [],
    prefs: {},
    trophies: [],
    uploadedAvatarHash: avatarHash,
    uploadedAvatarUrl: avatarUrl(member),
    premiumFeatures: [],
    isAaMastered: false,
    ixUpdate: 0,
    idBoardsPinned: null,
  };
  // UNVERIFIED: the email is shown only to the member themself and to enterprise admins. A hidden
  // email stays a known field (undefined, so absent from the JSON) and `fields=email` is not a 400.
  json.email = options.showEmail ? member.email : undefined;
  return json;
}

/** One row of GET /enterprises/{id}/members/query (ref: components.schemas.Membership). */
export function membershipRowJson(state: EnterpriseState, member: MemberRecord): Json {
  return {
    ...state.flags(member),
    member: {
      id: member.id,
      fullname: member.fullName,
      username: member.username,
      // UNVERIFIED: absent when the member was never seen (the schema types it as a string, so not null).
      dateLastImpression: member.dateLastImpression ?? undefined,
      email: member.email,
      initials: member.initials,
      avatarURL: avatarUrl(member),
      // UNVERIFIED: the schema example says "Admin"; the Member schema's normal|ghost is used.
      memberType: member.confirmed ? 'normal' : 'ghost',
      confirmed: member.confirmed,
    },
  };
}

/** ref: components.schemas.Organization */
export function organizationJson(state: EnterpriseState, org: OrganizationRecord): Json {
  const enterprise = state.isEnterpriseWorkspace(org);
  return {
    id: org.id,
    name: org.name,
    displayName: org.displayName,
    desc: '',
    dateLastActivity: org.dateLastActivity,
    prefs: {
      permissionLevel: 'private',
      boardVisibilityRestrict: { private: 'org', org: 'org', enterprise: 'org', public: 'org' },
      boardDeleteRestrict: { private: 'org', org: 'org', enterprise: 'org', public: 'org' },
      attachmentRestrictions: [],
      // ref: organizations.subset.openapi.yml PUT /organizations/{id} `prefs/*` parameters.
      // UNVERIFIED: they come back under these names in `prefs` (the OrganizationPrefs schema does
      // not list them); the simulator's managed-only flag is not shown (its wire name is unknown).
      orgInviteRestrict: [...org.prefs.orgInviteRestrict],
      externalMembersDisabled: org.prefs.externalMembersDisabled,
      associatedDomain: org.prefs.associatedDomain,
    },
    idEnterprise: org.idEnterprise,
    offering: enterprise ? 'trello.enterprise' : 'trello.free',
    url: `https://trello.com/w/${org.name}`,
    idBoards: state
      .boards()
      .filter((b) => b.idOrganization === org.id)
      .map((b) => b.id),
    premiumFeatures: enterprise ? ['enterpriseUI'] : [],
  };
}

/**
 * A Workspace membership. UNVERIFIED shape: the official `Memberships` schema only declares `id`
 * (NOTES.md §8.6); real objects carry idMember, memberType, unconfirmed, deactivated.
 */
export function workspaceMembershipJson(membership: WorkspaceMembershipRecord, member?: Json): Json {
  return { ...membership, ...(member === undefined ? {} : { member }) };
}

/** A board membership, same UNVERIFIED shape as above (NOTES.md §5 offboarding step 2). */
export function boardMembershipJson(membership: BoardMembershipRecord, member?: Json): Json {
  return { ...membership, ...(member === undefined ? {} : { member }) };
}

/** Default nested member fields: id, fullName, username (Trello's nested-resource default). */
export function nestedMemberJson(
  state: EnterpriseState,
  member: MemberRecord,
  fields: string[] | 'all',
  showEmail: boolean,
  param: string,
): Json {
  return project(memberJson(state, member, { showEmail }), fields, param);
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'board'
  );
}

/**
 * ref: boards.subset.openapi.yml components.schemas.Board. `memberships` is an array of membership
 * objects, not the string the schema declares (NOTES.md §8.6, UNVERIFIED).
 */
export function boardJson(state: EnterpriseState, board: BoardRecord): Json {
  const shortUrl = `https://trello.com/b/${board.shortLink}`;
  return {
    id: board.id,
    name: board.name,
    desc: '',
    // The schema types descData as a string: absent rather than null for a board with no description.
    descData: undefined,
    closed: board.closed,
    dateLastActivity: board.dateLastActivity,
    dateLastView: undefined,
    idMemberCreator: board.idMemberCreator,
    idOrganization: board.idOrganization,
    invitations: [],
    invited: false,
    pinned: false,
    url: `${shortUrl}/${slug(board.name)}`,
    shortUrl,
    shortLink: board.shortLink,
    // UNVERIFIED: the official Prefs schema enumerates permissionLevel as org|board; Trello boards
    // use private|org|public|enterprise, which is what is answered here.
    prefs: {
      permissionLevel: board.permissionLevel,
      hideVotes: false,
      voting: 'disabled',
      comments: 'members',
      invitations: 'members',
      selfJoin: true,
      cardCovers: true,
      isTemplate: false,
      cardAging: 'regular',
      calendarFeedEnabled: false,
      canBePublic: true,
      canBeEnterprise: true,
      canBeOrg: true,
      canBePrivate: true,
      canInvite: true,
    },
    labelNames: { green: '', yellow: '', orange: '', red: '', purple: '', blue: '' },
    limits: {},
    starred: false,
    subscribed: false,
    memberships: board.memberships.map((ms) => boardMembershipJson(ms)),
    enterpriseOwned: state.isEnterpriseBoard(board),
  };
}

/** ref: tokens.official.subset.openapi.yml components.schemas.Token. The kind and value stay hidden. */
export function tokenJson(token: TokenRecord): Json {
  return {
    id: token.id,
    identifier: token.identifier,
    idMember: token.idMember,
    dateCreated: token.dateCreated,
    dateExpires: token.dateExpires,
    permissions: token.permissions,
  };
}

/** ref: enterprises.openapi.yml components.schemas.Enterprise */
export function enterpriseJson(state: EnterpriseState): Json {
  const e = state.enterprise;
  return {
    id: e.id,
    name: e.name,
    displayName: e.displayName,
    logoHash: null,
    logoUrl: null,
    prefs: {
      ssoOnly: false,
      signup: { banner: '', bannerHtml: '' },
      mandatoryTransferDate: null,
      brandingColor: '#0079bf',
      autoJoinOrganizations: false,
      notifications: {},
      maxMembers: e.maxMembers,
    },
    organizationPrefs: {
      boardVisibilityRestrict: {},
      boardDeleteRestrict: {},
      attachmentRestrictions: [],
      permissionLevel: 'private',
    },
    ssoActivationFailed: false,
    idAdmins: state.enterpriseAdminIds(),
    enterpriseDomains: [...e.claimedDomains],
    isRealEnterprise: true,
    pluginWhitelistingEnabled: [],
    idOrganizations: state.enterpriseOrganizations().map((o) => o.id),
    products: [],
    // UNVERIFIED: maxMembers = seats bought, totalMembers = licensed (non-deactivated) members (NOTES.md §3).
    licenses: { maxMembers: e.maxMembers, totalMembers: state.licensedCount, relatedEnterprises: [] },
    domains: [...e.claimedDomains],
    dateOrganizationPrefsLastUpdated: e.dateOrganizationPrefsLastUpdated,
    idp: { requestSigned: false, certificate: null, loginUrl: null },
  };
}

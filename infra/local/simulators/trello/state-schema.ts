import { z } from 'zod';

/**
 * The simulator's persisted model, as plain JSON. `snapshot()` emits it and `restore()` reads it
 * back; `parseStateSnapshot` validates one loaded from disk. These are the simulator's own records,
 * not Trello wire shapes (those are built in representations.ts).
 */

const TrelloId = z.string().regex(/^[0-9a-f]{24}$/, 'a 24-hex Trello id (lower case)');
const IsoInstant = z.iso.datetime();

export const PRESETS = ['tiny', 'demo', '5k', '100k'] as const;
export const PresetName = z.enum(PRESETS);
export type PresetName = z.infer<typeof PresetName>;

export const QueryCursorStyle = z.enum(['last-row', 'wrapper']);
export type QueryCursorStyle = z.infer<typeof QueryCursorStyle>;

export const TokenKind = z.enum(['api', 'power-up', 'mobile-session']);
export type TokenKind = z.infer<typeof TokenKind>;

export const BoardPermissionLevel = z.enum(['private', 'org', 'public', 'enterprise']);
export type BoardPermissionLevel = z.infer<typeof BoardPermissionLevel>;

export const WorkspaceMemberType = z.enum(['admin', 'normal']);
export type WorkspaceMemberType = z.infer<typeof WorkspaceMemberType>;

export const BoardMemberType = z.enum(['admin', 'normal', 'observer']);
export type BoardMemberType = z.infer<typeof BoardMemberType>;

export const EnterpriseRecord = z.object({
  id: TrelloId,
  name: z.string(),
  displayName: z.string(),
  /** Seats purchased; null = no cap recorded (ref: NOTES.md §3). */
  maxMembers: z.number().int().nonnegative().nullable(),
  /** Email domains whose accounts the enterprise manages. */
  claimedDomains: z.array(z.string()),
  /** Licenses managed in admin.atlassian.com: revoke/deactivate refused, transfers asynchronous. */
  adminHub: z.boolean(),
  defaultWorkspaceId: TrelloId.nullable(),
  queryCursorStyle: QueryCursorStyle,
  /**
   * A fault for clients' paging loops: `/members/query` ignores `cursor` and answers the first
   * page again (what a client whose guess of the cursor's location is wrong would see).
   */
  ignoreQueryCursor: z.boolean().default(false),
  dateOrganizationPrefsLastUpdated: IsoInstant,
});
export type EnterpriseRecord = z.infer<typeof EnterpriseRecord>;

export const MemberRecord = z.object({
  id: TrelloId,
  username: z.string(),
  fullName: z.string(),
  initials: z.string(),
  /** Stored lower-case: Trello matches emails case-insensitively. */
  email: z.string(),
  /** false = an invitee who never signed up (memberType "ghost"). */
  confirmed: z.boolean(),
  licensed: z.boolean(),
  deactivated: z.boolean(),
  enterpriseAdmin: z.boolean(),
  /** Always `Date.toISOString()` form, so strings compare in time order. */
  dateLastImpression: IsoInstant.nullable(),
});
export type MemberRecord = z.infer<typeof MemberRecord>;

export const WorkspaceMembershipRecord = z.object({
  id: TrelloId,
  idMember: TrelloId,
  memberType: WorkspaceMemberType,
  unconfirmed: z.boolean(),
  deactivated: z.boolean(),
});
export type WorkspaceMembershipRecord = z.infer<typeof WorkspaceMembershipRecord>;

/**
 * A Workspace's membership restrictions (ref: organizations.subset.openapi.yml PUT
 * /organizations/{id} `prefs/orgInviteRestrict`, `prefs/externalMembersDisabled`,
 * `prefs/associatedDomain`; Trello's Enterprise guide "Workspace membership restrictions": an
 * approved list of email domains). UNVERIFIED: `managedOnly` ("only managed members of the
 * Enterprise") is the simulator's own flag: Trello's name for it on the wire is not documented,
 * so it is not shown in `prefs` and is set through the control plane only.
 */
export const OrganizationPrefsRecord = z.object({
  /** Email patterns with optional `*` wildcards (`*@example.com`, `subdomain.*.trello.com`); empty = anyone. */
  orgInviteRestrict: z.array(z.string().min(1)).default([]),
  externalMembersDisabled: z.boolean().default(false),
  associatedDomain: z.string().nullable().default(null),
  managedOnly: z.boolean().default(false),
});
export type OrganizationPrefsRecord = z.infer<typeof OrganizationPrefsRecord>;

export const NO_ORGANIZATION_RESTRICTIONS: OrganizationPrefsRecord = {
  orgInviteRestrict: [],
  externalMembersDisabled: false,
  associatedDomain: null,
  managedOnly: false,
};

export const OrganizationRecord = z.object({
  id: TrelloId,
  name: z.string(),
  displayName: z.string(),
  /** The enterprise id when this is an Enterprise Workspace, else null. */
  idEnterprise: TrelloId.nullable(),
  dateLastActivity: IsoInstant.nullable(),
  memberships: z.array(WorkspaceMembershipRecord),
  /** Set when the Workspace asked to join the enterprise (a "pending" Workspace). */
  enterpriseJoinRequest: z.object({ idMember: TrelloId, date: IsoInstant }).nullable(),
  /** AdminHub transfers: accepted but not applied yet. */
  transferRequestedAt: IsoInstant.nullable(),
  /** Absent in snapshots written before restrictions were modelled: then nobody is restricted. */
  prefs: OrganizationPrefsRecord.default(NO_ORGANIZATION_RESTRICTIONS),
});
export type OrganizationRecord = z.infer<typeof OrganizationRecord>;

export const BoardMembershipRecord = z.object({
  id: TrelloId,
  idMember: TrelloId,
  memberType: BoardMemberType,
  unconfirmed: z.boolean(),
  deactivated: z.boolean(),
});
export type BoardMembershipRecord = z.infer<typeof BoardMembershipRecord>;

export const BoardRecord = z.object({
  id: TrelloId,
  name: z.string(),
  shortLink: z.string(),
  closed: z.boolean(),
  idOrganization: TrelloId.nullable(),
  idMemberCreator: TrelloId,
  permissionLevel: BoardPermissionLevel,
  dateLastActivity: IsoInstant.nullable(),
  memberships: z.array(BoardMembershipRecord),
});
export type BoardRecord = z.infer<typeof BoardRecord>;

export const TokenPermissionRecord = z.object({
  idModel: z.union([TrelloId, z.literal('*')]),
  modelType: z.enum(['board', 'member', 'organization', 'enterprise']),
  read: z.boolean(),
  write: z.boolean(),
});
export type TokenPermissionRecord = z.infer<typeof TokenPermissionRecord>;

export const TokenRecord = z.object({
  id: TrelloId,
  /** The secret itself: Trello identifies tokens by value (ref: NOTES.md §6). */
  value: z.string().min(1),
  /** Not exposed by the Trello API; only visible in /_sim/state. */
  kind: TokenKind,
  idMember: TrelloId,
  identifier: z.string(),
  dateCreated: IsoInstant,
  dateExpires: IsoInstant.nullable(),
  permissions: z.array(TokenPermissionRecord),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

/** What a Workspace transfer did with each member, so tests can see who stayed unlicensed. */
export const TransferRecord = z.object({
  idOrganization: TrelloId,
  completedAt: IsoInstant,
  licensed: z.array(TrelloId),
  unlicensed: z.array(TrelloId),
});
export type TransferRecord = z.infer<typeof TransferRecord>;

export const StateMeta = z.object({
  preset: z.string(),
  seed: z.number().int(),
  /** The instant the seed's relative dates ("idle 90 days") were computed from. */
  anchor: IsoInstant,
  apiKey: z.string().regex(/^[0-9a-f]{32}$/),
  adminToken: z.string().min(1),
  serviceAccountId: TrelloId,
  idMachine: z.string().regex(/^[0-9a-f]{10}$/),
});
export type StateMeta = z.infer<typeof StateMeta>;

export const StateSnapshot = z.object({
  version: z.literal(1),
  meta: StateMeta,
  idCounter: z.number().int().nonnegative(),
  enterprise: EnterpriseRecord,
  members: z.array(MemberRecord),
  organizations: z.array(OrganizationRecord),
  boards: z.array(BoardRecord),
  tokens: z.array(TokenRecord),
  transfers: z.array(TransferRecord),
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;

/** Validates a snapshot read from outside (e.g. a file kept between runs). */
export function parseStateSnapshot(json: unknown): StateSnapshot {
  return StateSnapshot.parse(json);
}

/**
 * Trello response shapes, written from shared/reference/trello (OpenAPI + NOTES.md). Objects are
 * parsed loosely (unknown fields pass) because Trello adds fields freely; the fields Lanyard reads
 * are checked strictly. Where the reference is thin or UNVERIFIED, the comment says so.
 */
import * as z from 'zod';

/** `Membership.member` — note Trello's lower-case `fullname` and `avatarURL` (NOTES §2). */
export const MembershipMember = z.looseObject({
  id: z.string(),
  fullname: z.string().nullish(),
  username: z.string().nullish(),
  dateLastImpression: z.string().nullish(),
  email: z.string().nullish(),
  confirmed: z.boolean().nullish(),
});

/**
 * A membership flag the reference lists without marking it required (enterprises.openapi.yml
 * `Membership`: no `required` list). Absent or null is read as `fallback`, chosen per field so
 * that a guess can never lead Lanyard to a change it would not otherwise make.
 */
const tolerantFlag = (fallback: boolean) =>
  z
    .boolean()
    .nullish()
    .transform((value) => value ?? fallback);

/**
 * A row of `GET /enterprises/{id}/members/query`. The reference marks none of the flags required,
 * and one row missing a flag must not reject the whole page, so each flag is read by what it
 * decides:
 * - STRICT (absent → the row is refused when Lanyard uses it, naming the member and the flag; see
 *   {@link DecisiveFlags}): `licensed` decides a grant (onboarding) and a reclaim (sweep), and is
 *   what the grant read-back checks; `deactivated` decides the offboarding cut ("already
 *   deactivated" skips it) and reactivation. No default is safe for either: `deactivated` read as
 *   true would leave a leaver's access, read as false would send a hire down the wrong path.
 * - TOLERANT, absent → false: `managed` and `collaborator` only choose the words of the
 *   onboarding decision (a member neither licensed nor deactivated is granted a seat either way),
 *   and no other decision reads them.
 * - TOLERANT, absent → true: `admin` only exempts Enterprise admins from idle-seat sweeps, so an
 *   unknown one is treated as an admin and keeps their seat (never reclaimed on a guess).
 */
export const Membership = z.looseObject({
  managed: tolerantFlag(false),
  licensed: z.boolean().nullish(),
  admin: tolerantFlag(true),
  deactivated: z.boolean().nullish(),
  collaborator: tolerantFlag(false),
  member: MembershipMember,
});
export type Membership = z.infer<typeof Membership>;

/** The flags a decision rests on: every row Lanyard acts on must carry both (see {@link Membership}). */
export const DecisiveFlags = z.object({ licensed: z.boolean(), deactivated: z.boolean() });

/**
 * UNVERIFIED (NOTES §2): the schema says a bare array, yet `cursor` says "use cursor returned in
 * the response". Accept a bare array (the next cursor is then the last row's member id) or an
 * object carrying the rows and a cursor under any of the names a wrapper would plausibly use.
 */
export const MembersQueryResponse = z.union([
  z.array(Membership),
  z.looseObject({
    members: z.array(Membership).optional(),
    memberships: z.array(Membership).optional(),
    users: z.array(Membership).optional(),
    cursor: z.string().nullish(),
    nextCursor: z.string().nullish(),
  }),
]);

/**
 * `GET /enterprises/{id}` → `licenses` (NOTES §3: field meanings UNVERIFIED, read as max/used).
 * `maxMembers` stays required (nullable: null = no cap): the reference lists it and seat grants
 * are planned from it. `totalMembers` is TOLERANT: absent or null reads as "unknown", and the
 * adapter then counts every purchased seat as used (no seat is free), so a missing count can only
 * hold a grant back for an approval, never hand out a seat Trello does not have.
 */
export const Enterprise = z.looseObject({
  id: z.string(),
  licenses: z.looseObject({
    maxMembers: z.number().nullable(),
    totalMembers: z.number().nullish(),
  }),
});

export const Member = z.looseObject({
  id: z.string(),
  fullName: z.string().nullish(),
  username: z.string().nullish(),
  idOrganizations: z.array(z.string()).nullish(),
});

/**
 * The `Member` answered by `PUT /enterprises/{id}/members/{idMember}/licensed`: only the
 * deactivation list is read (ref: enterprises.openapi.yml "Revoking a license will deactivate a
 * Member"). UNVERIFIED that the live answer carries `idEnterprisesDeactivated`; absent means "not said".
 */
export const LicenseWriteAnswer = z.looseObject({
  id: z.string(),
  idEnterprisesDeactivated: z.array(z.string()).nullish(),
});

/** `Board.memberships` element: shape only in a non-official split (NOTES §5), so all optional but the ids. */
export const BoardMembership = z.looseObject({
  id: z.string(),
  idMember: z.string(),
  memberType: z.enum(['admin', 'normal', 'observer']),
  unconfirmed: z.boolean().nullish(),
  deactivated: z.boolean().nullish(),
});

export const Board = z.looseObject({
  id: z.string(),
  name: z.string(),
  closed: z.boolean().nullish(),
  idOrganization: z.string().nullish(),
  url: z.string().nullish(),
  prefs: z.looseObject({ permissionLevel: z.string().nullish() }).nullish(),
  memberships: z.array(BoardMembership).nullish(),
});

export const TokenPermission = z.looseObject({
  idModel: z.string().nullish(),
  modelType: z.string().nullish(),
  read: z.boolean().nullish(),
  write: z.boolean().nullish(),
});

export const Token = z.looseObject({
  id: z.string(),
  identifier: z.string().nullish(),
  idMember: z.string().nullish(),
  dateCreated: z.string().nullish(),
  dateExpires: z.string().nullish(),
  permissions: z.array(TokenPermission).nullish(),
});

export const ClaimableOrganizations = z.looseObject({
  organizations: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string().nullish(),
      displayName: z.string().nullish(),
      activeMembershipCount: z.number().nullish(),
      dateLastActive: z.string().nullish(),
    }),
  ),
});

export const PendingOrganization = z.looseObject({
  id: z.string(),
  displayName: z.string().nullish(),
  membershipCount: z.number().nullish(),
  transferability: z
    .looseObject({
      transferrable: z.boolean().nullish(),
      newBillableMembers: z.array(z.looseObject({ id: z.string() })).nullish(),
    })
    .nullish(),
});

/** The reference `Error` schema (`code`, `message`). Trello also answers plain text; both are handled. */
export const ErrorBody = z.looseObject({
  code: z.string().nullish(),
  message: z.string().nullish(),
  /** 429 bodies (NOTES §7): `{ "error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded" }`. */
  error: z.string().nullish(),
});

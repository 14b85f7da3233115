import { requireEnterpriseAdmin } from '../auth.ts';
import type { MemberQueryFilter } from '../enterprise/member-query.ts';
import type { EnterpriseState } from '../enterprise-state.ts';
import {
  avatarHashFor,
  enterpriseJson,
  type Json,
  memberJson,
  membershipRowJson,
  organizationJson,
  parseFieldList,
  project,
} from '../representations.ts';
import {
  type ApiContext,
  type ApiRoute,
  booleanQuery,
  dayQuery,
  intQuery,
  requiredBooleanQuery,
  trelloIdParam,
} from '../route-kit.ts';
import type { OrganizationRecord } from '../state-schema.ts';
import { associationRequired, invalidValue, modelNotFound } from '../trello-errors.ts';

/** ref: enterprises.openapi.yml — "The response is paginated and will return 100 users at a time." */
export const MEMBERS_QUERY_PAGE_SIZE = 100;

/**
 * The `{id}` must be this enterprise, and the caller one of its admins. UNVERIFIED order of checks:
 * malformed id (400), then unknown id (404), then permission (401).
 */
function requireEnterprise(ctx: ApiContext): void {
  if (trelloIdParam(ctx.param('id')) !== ctx.state.enterprise.id) throw modelNotFound();
  requireEnterpriseAdmin(ctx.caller);
}

function requireEnterpriseMemberParam(ctx: ApiContext) {
  return ctx.state.requireEnterpriseMember(trelloIdParam(ctx.param('idMember')));
}

function queryFilter(ctx: ApiContext): MemberQueryFilter {
  const licensed = booleanQuery(ctx, 'licensed');
  const deactivated = booleanQuery(ctx, 'deactivated');
  const collaborator = booleanQuery(ctx, 'collaborator');
  const managed = booleanQuery(ctx, 'managed');
  const admin = booleanQuery(ctx, 'admin');
  // ref: NOTES.md §2 [T1112]: the `=false` forms of these three answer 400, and so does a query
  // with no association set to true.
  if (licensed === false || collaborator === false || deactivated === false) throw associationRequired();
  if (![licensed, deactivated, collaborator, managed, admin].includes(true)) throw associationRequired();
  const search = ctx.query('search');
  return {
    licensed,
    deactivated,
    collaborator,
    managed,
    admin,
    // ref: NOTES.md §2 — activeSince is inclusive; inactiveSince read as "not active since" (UNVERIFIED).
    activeSince: dayQuery(ctx, 'activeSince'),
    inactiveSince: dayQuery(ctx, 'inactiveSince'),
    search: search === undefined || search === '' ? undefined : search.toLowerCase(),
  };
}

function queryMembers(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const filter = queryFilter(ctx);
  const rawCursor = ctx.query('cursor');
  if (rawCursor !== undefined && !/^[0-9a-fA-F]{24}$/.test(rawCursor)) throw invalidValue('cursor');
  // The `ignoreQueryCursor` fault (control plane) answers the first page whatever the cursor.
  const after = ctx.state.enterprise.ignoreQueryCursor ? null : (rawCursor ?? null);
  const page = ctx.state.queryMembers(filter, after, MEMBERS_QUERY_PAGE_SIZE);
  const rows = page.rows.map((m) => membershipRowJson(ctx.state, m));
  // UNVERIFIED (NOTES.md §2, §8.3): where Trello returns the cursor is undocumented. 'last-row'
  // answers the bare array of the schema (next cursor = id of the last row); 'wrapper' answers
  // { members, cursor } so a client's defensive parsing can be exercised.
  if (ctx.state.enterprise.queryCursorStyle === 'wrapper') return { members: rows, cursor: page.nextCursor };
  return rows;
}

function getEnterprise(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const fields = parseFieldList(ctx.query('fields'), 'all');
  const full: Json = enterpriseJson(ctx.state);
  // UNVERIFIED: `idMembers` (only on request; huge on big enterprises) lists the licensed members.
  if (fields !== 'all' && fields.includes('idMembers')) {
    full.idMembers = ctx.state
      .queryMembers({ licensed: true }, null, Number.MAX_SAFE_INTEGER)
      .rows.map((m) => m.id);
  }
  // UNVERIFIED: `licenses` is accepted in `fields` although the reference does not list it.
  return project(full, fields);
}

/** The date of the most recent activity on any of the Workspace's boards, or null. */
function dateLastActive(state: EnterpriseState, org: OrganizationRecord): string | null {
  let latest: string | null = null;
  for (const board of state.boards()) {
    if (board.idOrganization !== org.id || board.dateLastActivity === null) continue;
    if (latest === null || board.dateLastActivity > latest) latest = board.dateLastActivity;
  }
  return latest;
}

function activeWithin(last: string | null, activeSince?: string, inactiveSince?: string): boolean {
  if (activeSince !== undefined && (last === null || last < activeSince)) return false;
  if (inactiveSince !== undefined && last !== null && last >= inactiveSince) return false;
  return true;
}

function claimableOrganizations(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const limit = intQuery(ctx, 'limit', 1, 10_000);
  const name = ctx.query('name')?.toLowerCase();
  const cursor = ctx.query('cursor');
  const activeSince = dayQuery(ctx, 'activeSince');
  const inactiveSince = dayQuery(ctx, 'inactiveSince');
  const matching = ctx.state
    .claimableOrganizations()
    .map((org) => ({ org, last: dateLastActive(ctx.state, org) }))
    .filter(({ org, last }) => {
      if (
        name !== undefined &&
        !org.name.startsWith(name) &&
        !org.displayName.toLowerCase().startsWith(name)
      ) {
        return false;
      }
      return activeWithin(last, activeSince, inactiveSince);
    })
    .sort((a, b) => (a.org.id < b.org.id ? -1 : 1));
  // UNVERIFIED: `cursor` is read as "after this Workspace id" (its description is unclear).
  const afterCursor =
    cursor === undefined ? matching : matching.filter(({ org }) => org.id > cursor.toLowerCase());
  const page = limit === undefined ? afterCursor : afterCursor.slice(0, limit);
  return {
    organizations: page.map(({ org, last }) => ({
      name: org.name,
      displayName: org.displayName,
      activeMembershipCount: org.memberships.filter((ms) => !ms.deactivated).length,
      idActiveAdmins: org.memberships
        .filter((ms) => !ms.deactivated && ms.memberType === 'admin')
        .map((ms) => ms.idMember),
      products: [],
      id: org.id,
      logoUrl: null,
      dateLastActive: last,
    })),
    claimableCount: matching.length,
  };
}

function memberSummary(ctx: ApiContext, memberId: string): Json | null {
  const member = ctx.state.member(memberId);
  if (!member) return null;
  return {
    id: member.id,
    fullName: member.fullName,
    username: member.username,
    initials: member.initials,
    avatarHash: avatarHashFor(member.id),
  };
}

function pendingOrganizations(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const activeSince = dayQuery(ctx, 'activeSince');
  const inactiveSince = dayQuery(ctx, 'inactiveSince');
  return ctx.state
    .pendingOrganizations()
    .filter((org) => activeWithin(dateLastActive(ctx.state, org), activeSince, inactiveSince))
    .map((org) => {
      const request = org.enterpriseJoinRequest;
      const requester = request === null ? undefined : ctx.state.member(request.idMember);
      const active = org.memberships.filter((ms) => !ms.deactivated);
      const newBillable = active.filter((ms) => {
        const m = ctx.state.member(ms.idMember);
        return m !== undefined && !m.licensed && !m.deactivated;
      });
      // UNVERIFIED: "restricted" members are read as those deactivated in the enterprise.
      const restricted = active.filter((ms) => ctx.state.member(ms.idMember)?.deactivated === true);
      return {
        id: org.id,
        idMember: request?.idMember ?? null,
        memberRequestor: requester ? { id: requester.id, fullName: requester.fullName } : null,
        date: request?.date ?? null,
        displayName: org.displayName,
        membershipCount: active.length,
        logoUrl: null,
        transferability: {
          transferrable: true,
          newBillableMembers: newBillable
            .map((ms) => memberSummary(ctx, ms.idMember))
            .filter((m) => m !== null),
          restrictedMembers: restricted
            .map((ms) => memberSummary(ctx, ms.idMember))
            .filter((m) => m !== null),
        },
      };
    });
}

function listOrganizations(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const fields = parseFieldList(ctx.query('fields'), 'all');
  const startIndex = intQuery(ctx, 'startIndex', 1, 9999) ?? 1;
  const count = intQuery(ctx, 'count', 0, 100);
  const orgs = ctx.state.enterpriseOrganizations();
  const page = orgs.slice(startIndex - 1, count === undefined ? undefined : startIndex - 1 + count);
  return page.map((org) => project(organizationJson(ctx.state, org), fields));
}

function transferOrganization(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const raw = ctx.query('idOrganization');
  if (raw === undefined || raw === '') throw invalidValue('idOrganization');
  const org = ctx.state.requireOrganization(trelloIdParam(raw));
  if (ctx.state.enterprise.adminHub) {
    // ref: enterprises.openapi.yml — for AdminHub enterprises "A 200 response only indicates
    // receipt of the request". UNVERIFIED: the body is the Workspace as it is now (not yet moved).
    ctx.state.requestTransfer(org.id);
    ctx.deferTransfer(org.id);
    return [organizationJson(ctx.state, org)];
  }
  const outcome = ctx.state.transferOrganization(org.id);
  // UNVERIFIED: the 200 array holds just the transferred Workspace.
  return [organizationJson(ctx.state, outcome.organization)];
}

function memberOfEnterprise(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const member = requireEnterpriseMemberParam(ctx);
  return memberJson(ctx.state, member, { showEmail: true });
}

function setLicensed(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const member = requireEnterpriseMemberParam(ctx);
  const value = requiredBooleanQuery(ctx, 'value');
  return memberJson(ctx.state, ctx.state.setLicensed(member.id, value), { showEmail: true });
}

function setDeactivated(ctx: ApiContext): unknown {
  requireEnterprise(ctx);
  const member = requireEnterpriseMemberParam(ctx);
  const value = requiredBooleanQuery(ctx, 'value');
  // UNVERIFIED: the reference gives no 200 schema; the Member is answered, as for `licensed`.
  return memberJson(ctx.state, ctx.state.setDeactivated(member.id, value), { showEmail: true });
}

/** Order matters: `/members/query` is registered before `/members/{idMember}`. */
export const enterpriseRoutes: ApiRoute[] = [
  { method: 'GET', path: '/1/enterprises/{id}', handle: getEnterprise },
  { method: 'GET', path: '/1/enterprises/{id}/members/query', handle: queryMembers },
  { method: 'GET', path: '/1/enterprises/{id}/members/{idMember}', handle: memberOfEnterprise },
  { method: 'PUT', path: '/1/enterprises/{id}/members/{idMember}/licensed', handle: setLicensed },
  { method: 'PUT', path: '/1/enterprises/{id}/members/{idMember}/deactivated', handle: setDeactivated },
  { method: 'GET', path: '/1/enterprises/{id}/claimableOrganizations', handle: claimableOrganizations },
  { method: 'GET', path: '/1/enterprises/{id}/pendingOrganizations', handle: pendingOrganizations },
  { method: 'GET', path: '/1/enterprises/{id}/organizations', handle: listOrganizations },
  { method: 'PUT', path: '/1/enterprises/{id}/organizations', handle: transferOrganization },
];

import { canSeeEmail, requireOrganizationManager, requireOrganizationReader } from '../auth.ts';
import {
  boardJson,
  memberJson,
  nestedMemberJson,
  organizationJson,
  parseFieldList,
  project,
  workspaceMembershipJson,
} from '../representations.ts';
import {
  type ApiContext,
  type ApiRoute,
  booleanQuery,
  enumQuery,
  memberFromPath,
  trelloIdParam,
} from '../route-kit.ts';
import type { OrganizationRecord, WorkspaceMembershipRecord } from '../state-schema.ts';
import { invalidId, invalidValue, modelNotFound } from '../trello-errors.ts';
import { isTrelloId } from '../trello-ids.ts';
import { NESTED_MEMBER_DEFAULT, nestedMemberFor } from './nested-member.ts';

const WORKSPACE_TYPES = ['admin', 'normal'] as const;
const MEMBERSHIP_FILTERS = ['all', 'active', 'admin', 'deactivated', 'me', 'normal'] as const;
const BOARD_FILTERS = ['all', 'open', 'closed', 'members', 'organization', 'public'] as const;
/** Trello's default nested member fields. */

/** ref: organizations.subset.openapi.yml — "The ID or name of the Organization". */
function organizationFromPath(ctx: ApiContext): OrganizationRecord {
  const ref = ctx.param('id');
  if (!isTrelloId(ref) && !/^[a-z0-9_]{3,}$/.test(ref)) throw invalidId();
  const org = ctx.state.resolveOrganization(ref);
  if (!org) throw modelNotFound();
  return org;
}

function getOrganization(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationReader(ctx.state, ctx.caller, org);
  return project(organizationJson(ctx.state, org), parseFieldList(ctx.query('fields'), 'all'));
}

/**
 * PUT /organizations/{id}: the Workspace membership restrictions among its `prefs/*` parameters
 * (the other documented parameters are not modelled and are ignored). UNVERIFIED: each
 * `prefs/orgInviteRestrict` adds one pattern to the list (Trello's DELETE
 * `/organizations/{id}/prefs/orgInviteRestrict` removes them, which suggests a list); an empty
 * `prefs/associatedDomain` clears it.
 */
function updateOrganization(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationManager(ctx.state, ctx.caller, org);
  const pattern = ctx.query('prefs/orgInviteRestrict')?.trim();
  if (pattern !== undefined && (pattern === '' || /\s/.test(pattern)))
    throw invalidValue('prefs/orgInviteRestrict');
  const external = booleanQuery(ctx, 'prefs/externalMembersDisabled');
  const domain = ctx.query('prefs/associatedDomain');
  ctx.state.setOrganizationPrefs(org.id, {
    ...(pattern === undefined || org.prefs.orgInviteRestrict.includes(pattern)
      ? {}
      : { orgInviteRestrict: [...org.prefs.orgInviteRestrict, pattern] }),
    ...(external === undefined ? {} : { externalMembersDisabled: external }),
    ...(domain === undefined ? {} : { associatedDomain: domain.trim() === '' ? null : domain.trim() }),
  });
  return organizationJson(ctx.state, org);
}

/** UNVERIFIED: lists members with an active (not deactivated) membership, as nested members. */
function listMembers(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationReader(ctx.state, ctx.caller, org);
  const fields = parseFieldList(ctx.query('fields'), NESTED_MEMBER_DEFAULT);
  return org.memberships
    .filter((ms) => !ms.deactivated)
    .map((ms) => ctx.state.member(ms.idMember))
    .filter((m) => m !== undefined)
    .map((m) => nestedMemberJson(ctx.state, m, fields, canSeeEmail(ctx.state, ctx.caller, m), 'fields'));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Invite by email (ref: NOTES.md §5 onboarding step 4). UNVERIFIED: the 200 body (undocumented)
 * is `{ id, members, memberships }` limited to the invited member, to keep it small on big Workspaces.
 */
function inviteMember(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationManager(ctx.state, ctx.caller, org);
  const email = ctx.query('email')?.trim();
  if (email === undefined || !EMAIL.test(email)) throw invalidValue('email');
  const fullName = ctx.query('fullName');
  // ref: "at least 1 character not beginning or ending with a space"
  if (fullName === undefined || fullName.length < 1 || fullName.trim() !== fullName)
    throw invalidValue('fullName');
  const type = enumQuery(ctx, 'type', WORKSPACE_TYPES, 'normal');
  const { member } = ctx.state.inviteToWorkspace(org.id, email, fullName, type);
  const membership = ctx.state.workspaceMembership(org.id, member.id);
  const nested = nestedMemberJson(
    ctx.state,
    member,
    parseFieldList(undefined, NESTED_MEMBER_DEFAULT),
    false,
    'fields',
  );
  return {
    id: org.id,
    members: [nested],
    memberships: membership ? [workspaceMembershipJson(membership)] : [],
  };
}

/** UNVERIFIED: a comma-separated `filter` keeps memberships matching any of the listed values. */
function membershipMatches(
  ctx: ApiContext,
  ms: WorkspaceMembershipRecord,
  filters: readonly string[],
): boolean {
  return filters.some((f) => {
    switch (f) {
      case 'all':
        return true;
      case 'active':
        return !ms.deactivated;
      case 'deactivated':
        return ms.deactivated;
      case 'admin':
        return ms.memberType === 'admin';
      case 'normal':
        return ms.memberType === 'normal';
      case 'me':
        return ms.idMember === ctx.caller.member.id;
      default:
        return false;
    }
  });
}

function parseListQuery(
  ctx: ApiContext,
  name: string,
  allowed: readonly string[],
  fallback: string,
): string[] {
  const values = (ctx.query(name) ?? fallback).split(',').map((v) => v.trim());
  if (values.some((v) => !allowed.includes(v))) throw invalidValue(name);
  return values;
}

function listMemberships(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationReader(ctx.state, ctx.caller, org);
  const filters = parseListQuery(ctx, 'filter', MEMBERSHIP_FILTERS, 'all');
  const nested = nestedMemberFor(ctx);
  return org.memberships
    .filter((ms) => membershipMatches(ctx, ms, filters))
    .map((ms) => workspaceMembershipJson(ms, nested(ms.idMember)));
}

function putMember(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationManager(ctx.state, ctx.caller, org);
  const member = memberFromPath(ctx, ctx.param('idMember'));
  const type = enumQuery(ctx, 'type', WORKSPACE_TYPES);
  ctx.state.addToWorkspace(org.id, member, type);
  return memberJson(ctx.state, member, { showEmail: canSeeEmail(ctx.state, ctx.caller, member) });
}

/** UNVERIFIED: answers `{ "_value": null }` like the token delete; removing a non-member is a 404. */
function deleteMember(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationManager(ctx.state, ctx.caller, org);
  ctx.state.removeFromWorkspace(org.id, trelloIdParam(ctx.param('idMember')));
  return { _value: null };
}

function listBoards(ctx: ApiContext): unknown {
  const org = organizationFromPath(ctx);
  requireOrganizationReader(ctx.state, ctx.caller, org);
  const filters = parseListQuery(ctx, 'filter', BOARD_FILTERS, 'all');
  const fields = parseFieldList(ctx.query('fields'), 'all');
  return ctx.state
    .boards()
    .filter((b) => b.idOrganization === org.id)
    .filter((b) =>
      filters.some(
        (f) =>
          f === 'all' ||
          (f === 'open' && !b.closed) ||
          (f === 'closed' && b.closed) ||
          (f === 'members' && b.permissionLevel === 'private') ||
          (f === 'organization' && b.permissionLevel === 'org') ||
          (f === 'public' && b.permissionLevel === 'public'),
      ),
    )
    .map((b) => project(boardJson(ctx.state, b), fields));
}

export const organizationRoutes: ApiRoute[] = [
  { method: 'GET', path: '/1/organizations/{id}', handle: getOrganization },
  { method: 'PUT', path: '/1/organizations/{id}', handle: updateOrganization },
  { method: 'GET', path: '/1/organizations/{id}/boards', handle: listBoards },
  { method: 'GET', path: '/1/organizations/{id}/members', handle: listMembers },
  { method: 'PUT', path: '/1/organizations/{id}/members', handle: inviteMember },
  { method: 'GET', path: '/1/organizations/{id}/memberships', handle: listMemberships },
  { method: 'PUT', path: '/1/organizations/{id}/members/{idMember}', handle: putMember },
  { method: 'DELETE', path: '/1/organizations/{id}/members/{idMember}', handle: deleteMember },
];

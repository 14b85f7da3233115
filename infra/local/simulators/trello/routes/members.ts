import { canSeeEmail } from '../auth.ts';
import { boardJson, memberJson, organizationJson, parseFieldList, project } from '../representations.ts';
import { type ApiContext, type ApiRoute, memberFromPath } from '../route-kit.ts';
import type { BoardRecord, MemberRecord } from '../state-schema.ts';
import { invalidValue, unauthorizedPermission } from '../trello-errors.ts';

const BOARD_FILTERS = ['all', 'closed', 'members', 'open', 'organization', 'public', 'starred'] as const;
/** ref: members.subset.openapi.yml components.schemas.BoardFields */
const BOARD_FIELDS = new Set([
  'id',
  'name',
  'desc',
  'descData',
  'closed',
  'idMemberCreator',
  'idOrganization',
  'pinned',
  'url',
  'shortUrl',
  'prefs',
  'labelNames',
  'starred',
  'limits',
  'memberships',
  'enterpriseOwned',
]);

/**
 * GET /1/members/{id}: the one route with its own 100 / 900 s per-token limit (NOTES.md §7);
 * nested routes such as /members/{id}/boards do not count against it.
 */
function getMember(ctx: ApiContext): unknown {
  const member = memberFromPath(ctx, ctx.param('id'));
  const full = memberJson(ctx.state, member, { showEmail: canSeeEmail(ctx.state, ctx.caller, member) });
  return project(full, parseFieldList(ctx.query('fields'), 'all'));
}

/** UNVERIFIED: members see their own boards; enterprise admins see those of enterprise members. */
function requireBoardListReader(ctx: ApiContext, member: MemberRecord): void {
  if (ctx.caller.member.id === member.id) return;
  if (ctx.caller.member.enterpriseAdmin && ctx.state.isEnterpriseMember(member)) return;
  throw unauthorizedPermission();
}

function boardMatches(board: BoardRecord, filter: string): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return !board.closed;
    case 'closed':
      return board.closed;
    case 'public':
      return board.permissionLevel === 'public';
    case 'organization':
      return board.permissionLevel === 'org';
    case 'members':
      return board.permissionLevel === 'private';
    default:
      // `starred`: the simulator keeps no stars.
      return false;
  }
}

/**
 * ref: NOTES.md §5 offboarding step 2 (`fields=id,name,idOrganization,memberships`). UNVERIFIED:
 * boards where the member's membership is deactivated are still listed (they stay on them).
 */
function listBoards(ctx: ApiContext): unknown {
  const member = memberFromPath(ctx, ctx.param('id'));
  requireBoardListReader(ctx, member);
  const filters = (ctx.query('filter') ?? 'all').split(',').map((f) => f.trim());
  if (filters.some((f) => !(BOARD_FILTERS as readonly string[]).includes(f))) throw invalidValue('filter');
  const fields = parseFieldList(ctx.query('fields'), 'all');
  if (fields !== 'all' && fields.some((f) => !BOARD_FIELDS.has(f))) throw invalidValue('fields');
  return ctx.state
    .boardIdsOf(member.id)
    .map((id) => ctx.state.board(id))
    .filter((b) => b !== undefined)
    .filter((b) => filters.some((f) => boardMatches(b, f)))
    .map((b) => project(boardJson(ctx.state, b), fields));
}

function listOrganizations(ctx: ApiContext): unknown {
  const member = memberFromPath(ctx, ctx.param('id'));
  requireBoardListReader(ctx, member);
  const fields = parseFieldList(ctx.query('fields'), 'all');
  return ctx.state
    .organizationIdsOf(member.id)
    .map((id) => ctx.state.organization(id))
    .filter((o) => o !== undefined)
    .map((o) => project(organizationJson(ctx.state, o), fields));
}

export const memberRoutes: ApiRoute[] = [
  { method: 'GET', path: '/1/members/{id}', memberRouteLimit: true, handle: getMember },
  { method: 'GET', path: '/1/members/{id}/boards', handle: listBoards },
  { method: 'GET', path: '/1/members/{id}/organizations', handle: listOrganizations },
];

import { canSeeEmail, requireBoardManager, requireBoardReader } from '../auth.ts';
import {
  boardJson,
  boardMembershipJson,
  nestedMemberJson,
  parseFieldList,
  project,
} from '../representations.ts';
import { type ApiContext, type ApiRoute, booleanQuery, enumQuery, trelloIdParam } from '../route-kit.ts';
import type { BoardMembershipRecord, BoardRecord } from '../state-schema.ts';
import { invalidValue, modelNotFound } from '../trello-errors.ts';
import { NESTED_MEMBER_DEFAULT, nestedMemberFor } from './nested-member.ts';

const BOARD_MEMBER_TYPES = ['admin', 'normal', 'observer'] as const;
const MEMBERSHIP_FILTERS = ['admins', 'all', 'none', 'normal'] as const;
/** ref: boards.subset.openapi.yml GET /boards/{id} `fields` default. */
const BOARD_DEFAULT_FIELDS = 'name,desc,descData,closed,idOrganization,pinned,url,shortUrl,prefs,labelNames';

function boardFromPath(ctx: ApiContext): BoardRecord {
  return ctx.state.requireBoard(trelloIdParam(ctx.param('id')));
}

function getBoard(ctx: ApiContext): unknown {
  const board = boardFromPath(ctx);
  requireBoardReader(ctx.state, ctx.caller, board);
  const full = boardJson(ctx.state, board);
  const out = project(full, parseFieldList(ctx.query('fields'), BOARD_DEFAULT_FIELDS));
  const memberships = ctx.query('memberships');
  if (memberships !== undefined && memberships !== 'none') {
    if (memberships !== 'all') throw invalidValue('memberships');
    out.memberships = full.memberships;
  }
  return out;
}

function membershipMatches(ms: BoardMembershipRecord, filter: (typeof MEMBERSHIP_FILTERS)[number]): boolean {
  if (filter === 'all') return true;
  if (filter === 'admins') return ms.memberType === 'admin';
  if (filter === 'normal') return ms.memberType === 'normal';
  return false;
}

/**
 * ref: NOTES.md §5 offboarding step 2. UNVERIFIED: the official `Memberships` schema is a thin
 * object; an array of `{ id, idMember, memberType, unconfirmed, deactivated, member? }` is answered.
 */
function listMemberships(ctx: ApiContext): unknown {
  const board = boardFromPath(ctx);
  requireBoardReader(ctx.state, ctx.caller, board);
  const filter = enumQuery(ctx, 'filter', MEMBERSHIP_FILTERS, 'all');
  const nested = nestedMemberFor(ctx);
  return board.memberships
    .filter((ms) => membershipMatches(ms, filter))
    .map((ms) => boardMembershipJson(ms, nested(ms.idMember)));
}

function listMembers(ctx: ApiContext): unknown {
  const board = boardFromPath(ctx);
  requireBoardReader(ctx.state, ctx.caller, board);
  const fields = parseFieldList(ctx.query('fields'), NESTED_MEMBER_DEFAULT);
  return board.memberships
    .filter((ms) => !ms.deactivated)
    .map((ms) => ctx.state.member(ms.idMember))
    .filter((m) => m !== undefined)
    .map((m) => nestedMemberJson(ctx.state, m, fields, canSeeEmail(ctx.state, ctx.caller, m), 'fields'));
}

/** UNVERIFIED: the undocumented 200 body is `{ id, members, memberships }` of the board. */
function boardMembersBody(ctx: ApiContext, board: BoardRecord): unknown {
  const fields = parseFieldList(undefined, NESTED_MEMBER_DEFAULT);
  return {
    id: board.id,
    members: board.memberships
      .map((ms) => ctx.state.member(ms.idMember))
      .filter((m) => m !== undefined)
      .map((m) => nestedMemberJson(ctx.state, m, fields, false, 'fields')),
    memberships: board.memberships.map((ms) => boardMembershipJson(ms)),
  };
}

function putMember(ctx: ApiContext): unknown {
  const board = boardFromPath(ctx);
  requireBoardManager(ctx.state, ctx.caller, board);
  const member = ctx.state.member(trelloIdParam(ctx.param('idMember')));
  if (!member) throw modelNotFound();
  const type = enumQuery(ctx, 'type', BOARD_MEMBER_TYPES);
  booleanQuery(ctx, 'allowBillableGuest');
  return boardMembersBody(ctx, ctx.state.setBoardMember(board.id, member, type));
}

function deleteMember(ctx: ApiContext): unknown {
  const board = boardFromPath(ctx);
  requireBoardManager(ctx.state, ctx.caller, board);
  ctx.state.removeBoardMember(board.id, trelloIdParam(ctx.param('idMember')));
  return boardMembersBody(ctx, board);
}

export const boardRoutes: ApiRoute[] = [
  { method: 'GET', path: '/1/boards/{id}', handle: getBoard },
  { method: 'GET', path: '/1/boards/{id}/memberships', handle: listMemberships },
  { method: 'GET', path: '/1/boards/{id}/members', handle: listMembers },
  { method: 'PUT', path: '/1/boards/{id}/members/{idMember}', handle: putMember },
  { method: 'DELETE', path: '/1/boards/{id}/members/{idMember}', handle: deleteMember },
];

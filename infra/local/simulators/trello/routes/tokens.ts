import { requireTokenListReader } from '../auth.ts';
import { tokenJson } from '../representations.ts';
import { type ApiContext, type ApiRoute, memberFromPath } from '../route-kit.ts';
import { modelNotFound } from '../trello-errors.ts';

/**
 * Tokens are keyed by their value: there is no opaque token id to delete by (ref: NOTES.md §6),
 * so only a holder of the value can delete it. The value never appears in a response.
 */
function listMemberTokens(ctx: ApiContext): unknown {
  const member = memberFromPath(ctx, ctx.param('id'));
  requireTokenListReader(ctx.state, ctx.caller, member);
  return ctx.state.tokensOf(member.id).map(tokenJson);
}

function getToken(ctx: ApiContext): unknown {
  const token = ctx.state.tokenByValue(ctx.param('token'));
  if (!token) throw modelNotFound();
  return tokenJson(token);
}

/** ref: tokens.official.subset.openapi.yml — the official path ends with a slash. */
function deleteToken(ctx: ApiContext): unknown {
  if (!ctx.state.deleteToken(ctx.param('token'))) throw modelNotFound();
  return { _value: null };
}

export const tokenRoutes: ApiRoute[] = [
  { method: 'GET', path: '/1/members/{id}/tokens', handle: listMemberTokens },
  { method: 'GET', path: '/1/tokens/{token}', handle: getToken },
  { method: 'DELETE', path: '/1/tokens/{token}/', handle: deleteToken },
];

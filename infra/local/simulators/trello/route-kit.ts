import type { Caller } from './auth.ts';
import type { EnterpriseState } from './enterprise-state.ts';
import type { SimClock } from './sim-clock.ts';
import type { MemberRecord } from './state-schema.ts';
import { invalidId, invalidValue, modelNotFound } from './trello-errors.ts';
import { isTrelloId } from './trello-ids.ts';

/** What a `/1/*` route handler gets once auth and rate limits have let the request through. */
export interface ApiContext {
  readonly state: EnterpriseState;
  readonly caller: Caller;
  readonly clock: SimClock;
  param(name: string): string;
  query(name: string): string | undefined;
  /** AdminHub transfers: apply this Workspace transfer after the (time-scaled) delay. */
  deferTransfer(orgId: string): void;
}

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface ApiRoute {
  method: HttpMethod;
  /** The Trello path template, e.g. `/1/enterprises/{id}/members/query`; also the call-count key. */
  path: string;
  /** Counts against the per-token `/1/members` limit (only `GET /1/members/{id}`, NOTES.md §7). */
  memberRouteLimit?: boolean;
  /** Returns the JSON body of a 200, or throws TrelloApiError. */
  handle(ctx: ApiContext): unknown;
}

export function honoPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

export function trelloIdParam(value: string): string {
  if (!isTrelloId(value)) throw invalidId();
  return value.toLowerCase();
}

/** Trello booleans are `true` and `false`; anything else (UNVERIFIED: even `TRUE` or `1`) is invalid. */
export function booleanQuery(ctx: ApiContext, name: string, required = false): boolean | undefined {
  const raw = ctx.query(name);
  if (raw === undefined) {
    if (required) throw invalidValue(name);
    return undefined;
  }
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw invalidValue(name);
}

export function requiredBooleanQuery(ctx: ApiContext, name: string): boolean {
  const value = booleanQuery(ctx, name, true);
  if (value === undefined) throw invalidValue(name);
  return value;
}

export function enumQuery<T extends string>(
  ctx: ApiContext,
  name: string,
  allowed: readonly T[],
  fallback?: T,
): T {
  const raw = ctx.query(name) ?? fallback;
  const found = allowed.find((a) => a === raw);
  if (found === undefined) throw invalidValue(name);
  return found;
}

/** `YYYY-MM-DD` (the format sibling enterprise endpoints document) → that day's midnight UTC as ISO. */
export function dayQuery(ctx: ApiContext, name: string): string | undefined {
  const raw = ctx.query(name);
  if (raw === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!match) throw invalidValue(name);
  const date = new Date(`${raw}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw) throw invalidValue(name);
  return date.toISOString();
}

export function intQuery(ctx: ApiContext, name: string, min: number, max: number): number | undefined {
  const raw = ctx.query(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw invalidValue(name);
  const value = Number(raw);
  if (value < min || value > max) throw invalidValue(name);
  return value;
}

/**
 * Member path segments take `me`, an id, or a username (ref: members.subset.openapi.yml
 * "The ID or username of the member"). Anything else is an invalid id.
 */
export function memberFromPath(ctx: ApiContext, ref: string): MemberRecord {
  if (ref === 'me') return ctx.caller.member;
  if (!isTrelloId(ref) && !/^[a-z0-9_]{3,}$/.test(ref)) throw invalidId();
  const member = ctx.state.resolveMember(ref);
  if (!member) throw modelNotFound();
  return member;
}

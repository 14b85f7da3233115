/**
 * Paging for the in-memory record fakes, with the guarantees the record contract asks of every
 * backend: pages in the listing's order, a default and a capped page size, and a cursor refused
 * (InvalidPageRequestError naming the cursor) when another listing issued it or it was edited.
 * Written apart from the DynamoDB adapter's cursors on purpose: a fake that shared them could not
 * show that the contract, not the adapter, defines the behaviour.
 */
import { InvalidPageRequestError } from '../../../functions/core/errors.ts';
import type { Page } from '../../../functions/ports/records/page.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

/** A page of `items` (already in listing order, each with a unique `keyOf`), resuming after the cursor's key. */
export function pageOf<T>(
  listing: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  filter: { limit?: number; cursor?: string | null },
): Page<T> {
  const limit = limitOf(filter.limit);
  const after = afterOf(listing, filter.cursor);
  const start = after === null ? 0 : items.findIndex((item) => keyOf(item) === after) + 1;
  if (after !== null && start === 0) throw refused(listing);
  const page = items.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < items.length;
  return { items: page, nextCursor: more && last !== undefined ? cursorOf(listing, keyOf(last)) : null };
}

function limitOf(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidPageRequestError(`A page limit must be a positive integer; got ${limit}`);
  return Math.min(limit, MAX_LIMIT);
}

function cursorOf(listing: string, after: string): string {
  return Buffer.from(JSON.stringify({ fake: listing, after })).toString('base64url');
}

function afterOf(listing: string, cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused(listing);
  }
  const { fake, after } = (body ?? {}) as { fake?: unknown; after?: unknown };
  if (fake !== listing || typeof after !== 'string') throw refused(listing);
  return after;
}

function refused(listing: string): InvalidPageRequestError {
  return new InvalidPageRequestError(`The page cursor was not issued by this listing (${listing})`);
}

/** The same instant as the DynamoDB adapter stores it (milliseconds, UTC), refusing what is not one. */
export function instant(value: string, what: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`${what} must be an ISO-8601 time; got ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/** A copy, so a caller changing what it was handed never changes what is stored (as with a table). */
export const copy = <T>(value: T): T => structuredClone(value);

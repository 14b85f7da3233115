/**
 * Page cursors: opaque base64url JSON naming the listing they belong to and the sort-key value
 * of the last item returned. Within one partition that sort value is all DynamoDB's
 * LastEvaluatedKey adds to the (fixed) partition key; listings that merge several partitions
 * (runs of every status) resume every partition below it. A cursor from another listing, or one
 * that was edited, is refused with a clear error instead of silently restarting the listing.
 */
import * as z from 'zod';
import { InvalidPageRequestError } from '../../core/errors.ts';

const CursorBody = z.object({ listing: z.string(), after: z.string().min(1) });

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export function encodeCursor(listing: string, after: string): string {
  return Buffer.from(JSON.stringify({ listing, after })).toString('base64url');
}

/** The sort value to resume after, or null for the first page; `valid` checks its shape. */
export function decodeCursor(
  listing: string,
  cursor: string | null | undefined,
  valid: (after: string) => boolean = () => true,
): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const body = /^[A-Za-z0-9_-]+$/.test(cursor) ? CursorBody.safeParse(parseJson(cursor)) : null;
  if (!body?.success || body.data.listing !== listing || !valid(body.data.after)) {
    throw new InvalidPageRequestError(
      `The page cursor was not issued by this listing (${listing}); request the first page without a cursor`,
    );
  }
  return body.data.after;
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidPageRequestError(`A page limit must be a positive integer; got ${limit}`);
  return Math.min(limit, MAX_PAGE_SIZE);
}

function parseJson(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

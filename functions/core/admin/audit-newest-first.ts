/**
 * The audit trail newest first, filtered by person, action and dates (the console's audit page).
 *
 * The records list the trail oldest first, day by day (each UTC day is one hash chain), from a
 * `since`. Newest first is built from that without reading the whole range:
 *  1. Take a window of days ending at the newest day wanted (the cursor's day, or `until`'s).
 *  2. Read the window oldest first, keep the entries that match, and reverse them.
 *  3. While the page is not full and days remain, take the window before it, twice as wide
 *     (empty stretches cost few reads: the records skip days without entries).
 * The cursor is the place (day, seq) of the last entry answered: the next page is what lies
 * below it, however many entries were appended since.
 *
 * Alternative courses: a filter that matches little over a long range stops after
 * `MAX_ENTRIES_READ` entries and answers what it found with a cursor to go on from; one day with
 * more than that many entries is refused (the records read a day only forward, from its start).
 */
import type { AuditLog, StoredAuditEntry } from '../../ports/records/audit-log.ts';
import type { People, PersonProfile } from '../../ports/records/people.ts';
import { InvalidPageRequestError, StepInputInvalidError } from '../errors.ts';

/**
 * Entries one request may read before it answers what it has: as many as the CSV export of a day
 * reads (routes/audit.ts), so a day that can be exported can be listed.
 */
export const MAX_ENTRIES_READ = 50_000;
/** Entries per read of the records (their page limit is larger; this keeps each read small). */
const READ_PAGE = 500;
const DAY_MS = 86_400_000;

export interface AuditQuery {
  /** Canonical instant: entries at or after it. */
  since: string;
  /** Canonical instant: entries at or before it; null for up to now. */
  until: string | null;
  /** An employee id or an email: entries about that person. */
  person: string | null;
  /** Part of an action name, e.g. `decide` for `decide-approval`. */
  action: string | null;
  limit: number;
  cursor: string | null;
}

type AuditReader = { audit: Pick<AuditLog, 'listAudit'>; people: Pick<People, 'searchPeople'> };

interface Place {
  day: string;
  seq: number;
}

export async function auditNewestFirst(
  query: AuditQuery,
  deps: {
    records: AuditReader;
    now: Date;
    /** @default MAX_ENTRIES_READ */
    maxEntriesRead?: number;
  },
): Promise<{ items: StoredAuditEntry[]; nextCursor: string | null }> {
  const budget = deps.maxEntriesRead ?? MAX_ENTRIES_READ;
  const matches = await entryFilter(query, deps.records);
  const firstDay = query.since.slice(0, 10);
  const below: Place = query.cursor
    ? decodePlace(query.cursor)
    : { day: (query.until ?? deps.now.toISOString()).slice(0, 10), seq: Number.POSITIVE_INFINITY };
  const found: StoredAuditEntry[] = [];
  // Below seq 1 of a day lies nothing of that day: start at the day before it.
  let windowEnd = below.seq <= 1 ? addDays(below.day, -1) : below.day;
  let span = 1;
  let read = 0;
  while (windowEnd >= firstDay) {
    const windowStart = maxDay(firstDay, addDays(windowEnd, 1 - span));
    const window = await readWindow(
      deps.records,
      query,
      { start: windowStart, end: windowEnd },
      below,
      budget - read,
    );
    const readBefore = read;
    read += window.read;
    if (!window.complete) {
      // Only the oldest part of the window was read, so its newest entries are unknown: answer the
      // windows read whole, and start the next request at this window's newest day. One day read
      // with the whole budget cannot be listed newest first at all.
      if (readBefore === 0 && windowStart === windowEnd) {
        throw new StepInputInvalidError(
          `More than ${budget} audit entries on ${windowEnd}: export that day as CSV instead`,
        );
      }
      const resume = windowEnd === below.day ? below : { day: addDays(windowEnd, 1), seq: 0 };
      return { items: found, nextCursor: encodePlace(resume) };
    }
    found.push(...window.entries.filter(matches).reverse());
    if (found.length > query.limit) break;
    if (read >= budget) {
      // Enough read for one request: answer what was found, and go on below this window next time.
      return { items: found, nextCursor: encodePlace({ day: windowStart, seq: 0 }) };
    }
    windowEnd = addDays(windowStart, -1);
    span *= 2;
  }
  const items = found.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      found.length > query.limit && last ? encodePlace({ day: last.at.slice(0, 10), seq: last.seq }) : null,
  };
}

/**
 * Every entry of the days [start, end] within the query's dates and below `below`, oldest first;
 * `complete` is false when `budget` entries were read before the window's end.
 */
async function readWindow(
  records: AuditReader,
  query: AuditQuery,
  days: { start: string; end: string },
  below: Place,
  budget: number,
): Promise<{ entries: StoredAuditEntry[]; read: number; complete: boolean }> {
  const entries: StoredAuditEntry[] = [];
  const from = maxInstant(query.since, `${days.start}T00:00:00.000Z`);
  let cursor: string | null = null;
  let read = 0;
  do {
    if (read >= budget) return { entries, read, complete: false };
    const page = await records.audit.listAudit({
      since: from,
      limit: Math.min(READ_PAGE, budget - read + 1),
      cursor,
    });
    for (const entry of page.items) {
      const day = entry.at.slice(0, 10);
      if (day > days.end) return { entries, read, complete: true };
      read += 1;
      if (day === below.day && entry.seq >= below.seq) continue;
      if (query.until !== null && entry.at > query.until) continue;
      entries.push(entry);
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { entries, read, complete: true };
}

/** The person and action filters as one test; a person given by email is found by it first. */
async function entryFilter(
  query: AuditQuery,
  records: AuditReader,
): Promise<(entry: StoredAuditEntry) => boolean> {
  const action = query.action?.trim().toLowerCase() || null;
  const person = query.person?.trim() || null;
  let employeeId: string | null = person;
  let email: string | null = null;
  if (person?.includes('@')) {
    email = person.toLowerCase();
    const [match] = (await records.people.searchPeople(person, 2)).filter(
      (p: PersonProfile) => p.email.toLowerCase() === email,
    );
    employeeId = match?.employeeId ?? null;
  }
  return (entry) => {
    if (action !== null && !entry.action.toLowerCase().includes(action)) return false;
    if (person === null) return true;
    if (employeeId !== null && entry.employeeId === employeeId) return true;
    // Entries written before a person was known name them only by email (`email:<addr>`).
    return email !== null && entry.target.toLowerCase() === `email:${email}`;
  };
}

function encodePlace(place: Place): string {
  return Buffer.from(JSON.stringify({ listing: 'audit-newest', ...place })).toString('base64url');
}

function decodePlace(cursor: string): Place {
  try {
    const place = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Place> & {
      listing?: string;
    };
    if (
      place.listing === 'audit-newest' &&
      typeof place.day === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(place.day) &&
      Number.isInteger(place.seq)
    ) {
      return { day: place.day, seq: place.seq as number };
    }
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  throw new InvalidPageRequestError(
    'The page cursor was not issued by the newest-first audit listing; request the first page without a cursor',
  );
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function maxInstant(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * What the HR vendor adapters (bamboohr.ts, hibob.ts) share: the adapter contract, a timing-safe
 * HMAC comparison, content-derived event ids, and the one receive path behind
 * `POST /hr/events/{vendor}`. That path maps a vendor delivery onto canonical HR events and hands
 * each to the same acceptance as `POST /hr/events` (core/ingest/accept-hr-event.ts, through
 * core/admin/import-events.ts: one person's events in order, people in parallel), so the answers
 * are the same: 202 accepted, 200 duplicate, 400 invalid, 401 bad signature, 409 stale, 413.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { HrEvent, type HrEventType } from '../../contracts/hr-event.ts';
import { importEvents } from '../../core/admin/import-events.ts';
import { EventIdConflictError, WebhookSignatureError } from '../../core/errors.ts';
import { type AcceptHrEventDeps, DUPLICATE_MESSAGE, listIssues } from '../../core/ingest/accept-hr-event.ts';
import { stableJson } from '../../core/ingest/hr-event-hash.ts';
import { conflictAnswer, type HttpAnswer } from '../ingest/answer-hr-event.ts';
import { headerProblems, headerRefusal } from '../ingest/webhook-headers.ts';

export const HrVendorIds = ['bamboohr', 'hibob'] as const;
export type HrVendorId = (typeof HrVendorIds)[number];

export function isHrVendorId(value: string): value is HrVendorId {
  return (HrVendorIds as readonly string[]).includes(value);
}

/** BambooHR batches several employees per delivery, so a vendor body may exceed a canonical event's 64 KiB. */
export const MAX_VENDOR_WEBHOOK_BYTES = 1024 * 1024;

/** How far a signed timestamp may be from now (either way), as for Standard Webhooks. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/**
 * A canonical event as a vendor payload describes it. What the vendor did not send is null, and
 * filled from what Lanyard already knows of the person (a termination often carries no email).
 */
export interface HrEventDraft {
  id: string;
  type: HrEventType;
  occurredAt: string;
  effectiveAt: string;
  employee: {
    id: string;
    email: string | null;
    fullName: string | null;
    department: string | null;
    managerEmail: string | null;
  };
}

export interface IgnoredChange {
  employeeId: string | null;
  reason: string;
}

export type VendorMapping =
  | { ok: true; events: HrEventDraft[]; ignored: IgnoredChange[] }
  | { ok: false; message: string; issues: Array<{ path: string; message: string }> };

export interface HrVendorAdapter {
  readonly vendor: HrVendorId;
  /** The vendor's product name, for messages. */
  readonly label: string;
  /** The headers its signature travels in (lower case): each must come exactly once. */
  readonly signatureHeaders: readonly string[];
  /** A body the vendor sends to test the endpoint: answered 200 without a signature, starts nothing. */
  isPing(rawBody: string): boolean;
  /** Throws WebhookSignatureError unless a configured secret signed this body recently enough. */
  verify(rawBody: string, headers: Record<string, string | undefined>): void;
  /** The canonical events a verified delivery stands for (may fetch from the vendor's API). */
  map(rawBody: string, headers: Record<string, string | undefined>): Promise<VendorMapping>;
}

/** Timing-safe: whether `provided` equals one of `expected` (equal-length buffers only). */
export function matchesAny(provided: Buffer, expected: readonly Buffer[]): boolean {
  let found = false;
  for (const candidate of expected) {
    // Every candidate is compared, so the time taken does not say which secret matched.
    if (candidate.length === provided.length && timingSafeEqual(candidate, provided)) found = true;
  }
  return found;
}

export function hmac(algorithm: 'sha256' | 'sha512', secret: string, content: string): Buffer {
  return createHmac(algorithm, secret).update(content, 'utf8').digest();
}

/**
 * The event id of a vendor change: a hash of what the vendor said (not of when it was delivered),
 * so a redelivery of the same change has the same id and is answered 200 duplicate.
 */
export function contentEventId(vendor: HrVendorId, content: unknown): string {
  return `${vendor}-${createHash('sha256').update(stableJson(content)).digest('hex').slice(0, 32)}`;
}

/**
 * An ISO 8601 instant from a vendor's timestamp: `+0000` offsets are normalized; a date-time
 * without an offset is read as UTC (never as this machine's zone). Null when it is not one.
 */
export function vendorInstant(text: string | null | undefined): string | null {
  const value = text?.trim();
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dateAt(value, '00:00:00');
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(' ', 'T');
  const withZone = /(Z|[+-]\d{2}:\d{2})$/i.test(normalized) ? normalized : `${normalized}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `YYYY-MM-DD` at a UTC time of day; null for anything else. */
export function dateAt(date: string | null | undefined, time: string): string | null {
  const value = date?.trim().slice(0, 10);
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}T${time}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Receive one vendor delivery:
 * 1. 413 over the size limit; 200 to the vendor's connection test (it carries no change).
 * 2. 400 when a signature header came twice; 401 unless signed by a configured secret, recently
 *    enough: nothing is read before.
 * 3. Map it onto canonical events (400 naming what is wrong); fill what it lacks from the
 *    person's record; validate every event before accepting any (all or nothing).
 * 4. Accept each as `POST /hr/events` does: 202 if any was new, else 409 if any was stale, else
 *    200 duplicate; 200 `ignored` when the delivery holds no change Lanyard acts on.
 */
export async function receiveVendorWebhook(
  adapter: HrVendorAdapter,
  rawBody: string,
  headers: Record<string, string | undefined>,
  deps: AcceptHrEventDeps,
): Promise<HttpAnswer> {
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_VENDOR_WEBHOOK_BYTES) {
    return {
      status: 413,
      body: {
        error: 'too-large',
        message: `A ${adapter.label} delivery must be at most ${MAX_VENDOR_WEBHOOK_BYTES} bytes`,
      },
    };
  }
  if (adapter.isPing(rawBody)) {
    return { status: 200, body: { status: 'ok', message: `${adapter.label} connection test answered` } };
  }
  const problems = headerProblems(headers, adapter.signatureHeaders);
  if (problems.length > 0) {
    return headerRefusal(
      problems,
      `send each of ${adapter.signatureHeaders.join(', ')} once, as ${adapter.label} signs them`,
    );
  }
  try {
    adapter.verify(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      return { status: 401, body: { error: 'invalid-signature', message: error.message } };
    }
    throw error;
  }

  const mapping = await adapter.map(rawBody, headers);
  if (!mapping.ok) {
    return { status: 400, body: { error: 'invalid-body', message: mapping.message, issues: mapping.issues } };
  }

  const events: HrEvent[] = [];
  const ignored = [...mapping.ignored];
  const issues: Array<{ path: string; message: string }> = [];
  for (const draft of mapping.events) {
    const known =
      draft.employee.email === null || draft.employee.fullName === null
        ? await deps.people.getProfile(draft.employee.id)
        : null;
    if (draft.type === 'employee.terminated' && draft.employee.email === null && known === null) {
      // A leaver Lanyard never knew, described by id only: there is nothing to offboard.
      ignored.push({
        employeeId: draft.employee.id,
        reason: `employee ${draft.employee.id} left but Lanyard has no record of them and ${adapter.label} sent no email`,
      });
      continue;
    }
    const parsed = HrEvent.safeParse({
      ...draft,
      employee: {
        ...draft.employee,
        email: draft.employee.email ?? known?.email,
        fullName: draft.employee.fullName ?? known?.fullName,
      },
    });
    if (parsed.success) events.push(parsed.data);
    else
      for (const issue of listIssues(parsed.error.issues))
        issues.push({
          path: `employee ${draft.employee.id} (${draft.type}) ${issue.path}`,
          message: issue.message,
        });
  }
  if (issues.length > 0) {
    return {
      status: 400,
      body: {
        error: 'invalid-body',
        message: `The ${adapter.label} delivery maps to invalid HR events, so none was accepted: ${issues
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ')}`,
        issues,
      },
    };
  }

  if (events.length === 0) {
    return {
      status: 200,
      body: {
        status: 'ignored',
        message: `Nothing Lanyard acts on: ${ignored.map((i) => i.reason).join('; ') || 'no employee changes'}`,
        eventIds: [],
        ignored,
      },
    };
  }

  let result: Awaited<ReturnType<typeof importEvents>>;
  try {
    result = await importEvents(
      events.map((event, index) => ({ line: index + 1, event })),
      deps,
    );
  } catch (error) {
    if (error instanceof EventIdConflictError) return conflictAnswer(error);
    throw error;
  }
  const outcomes = result.results.map(({ eventId, outcome, message }) => ({
    eventId,
    outcome,
    ...(message ? { message } : {}),
  }));
  const summary = {
    ...(events.length === 1 ? { eventId: events[0]?.id } : {}),
    eventIds: events.map((e) => e.id),
    accepted: result.accepted,
    duplicates: result.duplicates,
    stale: result.stale,
    events: outcomes,
    ...(ignored.length > 0 ? { ignored } : {}),
  };
  if (result.accepted > 0) return { status: 202, body: { status: 'accepted', ...summary } };
  if (result.stale > 0) {
    return {
      status: 409,
      body: {
        error: 'stale',
        message: outcomes
          .filter((o) => o.outcome === 'stale')
          .map((o) => o.message)
          .join('; '),
        ...summary,
      },
    };
  }
  return {
    status: 200,
    body: { status: 'duplicate', message: DUPLICATE_MESSAGE, ...summary },
  };
}

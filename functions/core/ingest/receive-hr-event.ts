/**
 * Receive HR Event (`POST /hr/events`, DESIGN.md "Interfaces"):
 * 1. Refuse a body over the size limit (413) and a delivery not signed by a current secret
 *    within ±5 min (401): nothing is read from an unauthenticated body.
 * 2. Validate the canonical event (400, listing what is wrong).
 * 3. Claim the event id: a duplicate starts nothing (200); a claim whose publish never happened
 *    (a crash) is published now.
 * 4. Refuse an event older in HR order than what was applied to the person: 409, recorded in
 *    their history, never applied.
 * 5. Put it on the bus (202).
 */
import { HrEvent } from '../../contracts/hr-event.ts';
import type { Clock } from '../../ports/clock.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';
import type { RecordStore } from '../../ports/record-store.ts';
import type { WebhookVerifier } from '../../ports/webhook-verifier.ts';
import { WebhookSignatureError } from '../errors.ts';
import { isStale } from '../event-ordering.ts';

/** HR events are small; anything larger is not one (API Gateway's own cap is higher). */
export const MAX_HR_EVENT_BYTES = 64 * 1024;
/** How long an event id is remembered for de-duplication. */
export const HR_EVENT_DEDUPE_DAYS = 30;

export interface ReceiveHrEventDeps {
  verifier: WebhookVerifier;
  records: RecordStore;
  publisher: EventPublisher;
  clock: Clock;
}

export interface HttpAnswer {
  status: 202 | 200 | 400 | 401 | 409 | 413;
  body: Record<string, unknown>;
}

export async function receiveHrEvent(
  rawBody: string,
  headers: Record<string, string | undefined>,
  deps: ReceiveHrEventDeps,
): Promise<HttpAnswer> {
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_HR_EVENT_BYTES) {
    return {
      status: 413,
      body: { error: 'too-large', message: `An HR event must be at most ${MAX_HR_EVENT_BYTES} bytes` },
    };
  }
  try {
    deps.verifier.verify(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      return { status: 401, body: { error: 'invalid-signature', message: error.message } };
    }
    throw error;
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: { error: 'invalid-body', message: 'The body is not JSON', issues: [] } };
  }
  const parsed = HrEvent.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return {
      status: 400,
      body: {
        error: 'invalid-body',
        message: `The HR event is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      },
    };
  }
  const event = parsed.data;

  const expiresAt = new Date(deps.clock.now().getTime() + HR_EVENT_DEDUPE_DAYS * 86_400_000).toISOString();
  const claim = await deps.records.claimHrEvent(event.id, expiresAt);
  if (claim === 'published') {
    return {
      status: 200,
      body: { status: 'duplicate', eventId: event.id, message: 'Already received; nothing started' },
    };
  }

  const profile = await deps.records.getProfile(event.employee.id);
  if (isStale(event, profile?.lastEvent ?? null)) {
    await deps.records.recordPersonEvent(event.employee.id, { ...event, detail: { ...event, stale: true } });
    await deps.records.markHrEventPublished(event.id); // answered for good: a retry is a duplicate
    const applied = profile?.lastEvent;
    return {
      status: 409,
      body: {
        error: 'stale',
        eventId: event.id,
        message: `${event.type} ${event.id} is older in HR order (effectiveAt, then occurredAt) than ${applied?.type} ${applied?.id}, already applied; recorded, not applied`,
      },
    };
  }

  await deps.publisher.publish({ ...event, dryRun: false });
  await deps.records.markHrEventPublished(event.id);
  return { status: 202, body: { status: 'accepted', eventId: event.id } };
}

/**
 * Accepts one validated canonical HR event, whichever door it came through (the signed webhook,
 * a vendor adapter, a CSV import):
 * 1. Claim the event id: a duplicate starts nothing; a claim whose publish never happened (a
 *    crash between claim and publish) is published now.
 * 2. Refuse an event older in HR order than what was applied to the person: recorded in their
 *    history, never applied.
 * 3. Put it on the bus.
 */
import type { HrEvent, LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { Clock } from '../../ports/clock.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';
import type { RecordStore } from '../../ports/record-store.ts';
import { isStale } from '../event-ordering.ts';

/** How long an event id is remembered for de-duplication. */
export const HR_EVENT_DEDUPE_DAYS = 30;

export interface AcceptHrEventDeps {
  records: RecordStore;
  publisher: EventPublisher;
  clock: Clock;
}

export type Acceptance =
  | { outcome: 'accepted'; eventId: string }
  | { outcome: 'duplicate'; eventId: string; message: string }
  | { outcome: 'stale'; eventId: string; message: string };

/** What only Lanyard's own tools add to an event (an admin's offboarding request, a dry run). */
export type EventExtras = Partial<Pick<LifecycleEventDetail, 'dryRun' | 'requestedBy' | 'reason'>>;

export async function acceptHrEvent(
  event: HrEvent,
  deps: AcceptHrEventDeps,
  extras: EventExtras = {},
): Promise<Acceptance> {
  const expiresAt = new Date(deps.clock.now().getTime() + HR_EVENT_DEDUPE_DAYS * 86_400_000).toISOString();
  const claim = await deps.records.claimHrEvent(event.id, expiresAt);
  if (claim === 'published') {
    return { outcome: 'duplicate', eventId: event.id, message: 'Already received; nothing started' };
  }

  const profile = await deps.records.getProfile(event.employee.id);
  if (isStale(event, profile?.lastEvent ?? null)) {
    await deps.records.recordPersonEvent(event.employee.id, { ...event, detail: { ...event, stale: true } });
    await deps.records.markHrEventPublished(event.id); // answered for good: a retry is a duplicate
    const applied = profile?.lastEvent;
    return {
      outcome: 'stale',
      eventId: event.id,
      message: `${event.type} ${event.id} is older in HR order (effectiveAt, then occurredAt) than ${applied?.type} ${applied?.id}, already applied; recorded, not applied`,
    };
  }

  await deps.publisher.publish({ ...event, dryRun: false, ...extras });
  await deps.records.markHrEventPublished(event.id);
  return { outcome: 'accepted', eventId: event.id };
}

/** zod issues as the API lists them: where, and what is wrong. */
export function listIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

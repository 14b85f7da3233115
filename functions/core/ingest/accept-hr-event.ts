/**
 * Accepts one validated canonical HR event, whichever door it came through (the signed webhook,
 * a vendor adapter, a CSV import, an admin's offboarding):
 * 1. Claim the event id with the hash of its canonical body (hr-event-hash.ts): one conditional
 *    write, so of any number of concurrent deliveries exactly one publishes.
 *    - Another body under a kept id is an event-id conflict (EventIdConflictError, 409): the first
 *      body stays, nothing is started, and admins are told once per such body.
 *    - Published already: 200 duplicate. Claimed by another delivery whose lease still runs:
 *      200 duplicate (in progress). A claim whose lease ran out (its delivery crashed between
 *      claim and publish) is taken over by exactly one redelivery, which publishes it.
 * 2. Refuse an event older in HR order than what was applied to the person: recorded in their
 *    history, never applied.
 * 3. Put it on the bus. A failure before that ends this delivery's lease at once, so the HR
 *    system's retry takes the claim over instead of being told "in progress".
 */
import type { HrEvent, LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { Clock } from '../../ports/clock.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { HrEventMarkers } from '../../ports/records/hr-event-markers.ts';
import type { People } from '../../ports/records/people.ts';
import { EventIdConflictError } from '../errors.ts';
import { appliedBefore, isStaleFor } from '../event-ordering.ts';
import { hrEventBodyHash } from './hr-event-hash.ts';

/** How long an event id is remembered for de-duplication. */
export const HR_EVENT_DEDUPE_DAYS = 30;

/**
 * How long a delivery's claim is its own. Longer than the API functions' 29 s timeout
 * (infra/api-catalog.ts), so a claim is only ever taken over from a delivery that has ended.
 */
export const HR_EVENT_LEASE_SECONDS = 60;

export interface AcceptHrEventDeps {
  hrEvents: HrEventMarkers;
  people: People;
  publisher: EventPublisher;
  clock: Clock;
  /** Tells admins about refused events (an event-id conflict). */
  notifier: Notifier;
}

export type Acceptance =
  | { outcome: 'accepted'; eventId: string }
  | { outcome: 'duplicate'; eventId: string; message: string }
  | { outcome: 'stale'; eventId: string; message: string };

/** What only Lanyard's own tools add to an event (an admin's offboarding request, a dry run). */
export type EventExtras = Partial<Pick<LifecycleEventDetail, 'dryRun' | 'requestedBy' | 'reason'>>;

export const DUPLICATE_MESSAGE = 'Already received; nothing started';

export async function acceptHrEvent(
  event: HrEvent,
  deps: AcceptHrEventDeps,
  extras: EventExtras = {},
): Promise<Acceptance> {
  const expiresAt = new Date(deps.clock.now().getTime() + HR_EVENT_DEDUPE_DAYS * 86_400_000).toISOString();
  // An admin's request is named by the person's record version and stamped with the time of the
  // click: a second click is the same request whatever its times say.
  const bodyHash = hrEventBodyHash(event, { times: !extras.requestedBy });
  const claim = await deps.hrEvents.claimHrEvent(event.id, {
    bodyHash,
    expiresAt,
    leaseSeconds: HR_EVENT_LEASE_SECONDS,
  });
  switch (claim.state) {
    case 'conflict':
      if (claim.firstReport) await reportConflict(event, claim.keptHash, bodyHash, deps);
      throw new EventIdConflictError(
        event.id,
        `HR event ${event.id} was already received with a different body: the first body was kept and this one was not applied. To change what it said, send the change as a new event with a new event id`,
      );
    case 'published':
      return { outcome: 'duplicate', eventId: event.id, message: DUPLICATE_MESSAGE };
    case 'in-progress':
      return {
        outcome: 'duplicate',
        eventId: event.id,
        message:
          'Already received and in progress (another delivery of it is being started); nothing more started',
      };
    case 'claimed':
      break;
  }

  try {
    const profile = await deps.people.getProfile(event.employee.id);
    if (isStaleFor(event, profile)) {
      await deps.people.recordPersonEvent(event.employee.id, {
        ...event,
        detail: { ...event, stale: true },
      });
      await deps.hrEvents.markHrEventPublished(event.id); // answered for good: a retry is a duplicate
      const applied = appliedBefore(event.type, profile);
      return {
        outcome: 'stale',
        eventId: event.id,
        message: `${event.type} ${event.id} is older in HR order (effectiveAt, then occurredAt) than ${applied?.type} ${applied?.id}, already applied; recorded, not applied`,
      };
    }
    await deps.publisher.publish({ ...event, dryRun: false, ...extras });
  } catch (error) {
    // Not on the bus: the next delivery may take the claim over at once. (Best effort: if this
    // fails too, the lease runs out by itself.)
    await deps.hrEvents.releaseHrEvent(event.id, claim.claimedAt).catch(() => undefined);
    throw error;
  }
  await deps.hrEvents.markHrEventPublished(event.id);
  return { outcome: 'accepted', eventId: event.id };
}

/** Once per conflicting body: the inbox (and SNS/Slack on AWS) says what was refused and why. */
async function reportConflict(
  event: HrEvent,
  keptHash: string,
  refusedHash: string,
  deps: AcceptHrEventDeps,
) {
  await deps.notifier.notify({
    kind: 'run-failed',
    title: `HR event ${event.id} refused: its id was already used for a different event`,
    body: `A delivery of HR event ${event.id} (${event.type}, employee ${event.employee.id}) carried a different body from the one first received under that id (kept body sha256 ${keptHash.slice(0, 12)}…, refused body sha256 ${refusedHash.slice(0, 12)}…). The first body was kept; nothing was started for the refused one. If the HR system meant a change, it must send it as a new event with a new event id; ask its owner to fix the integration if it reuses ids.`,
    runId: null,
    approvalId: null,
  });
}

/** zod issues as the API lists them: where, and what is wrong. */
export function listIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

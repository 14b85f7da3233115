/**
 * The acceptance path's dependencies in memory (claim markers, profiles, published events), for
 * unit tests of the vendor receive path. The integration suite runs the real ones.
 */
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import type { AcceptHrEventDeps } from '../../../functions/core/ingest/accept-hr-event.ts';
import type { Notification } from '../../../functions/ports/notifier.ts';
import type {
  HrEventClaim,
  HrEventClaimRequest,
  HrEventMarkers,
} from '../../../functions/ports/records/hr-event-markers.ts';
import type { People, PersonProfile } from '../../../functions/ports/records/people.ts';

export function fakeAcceptDeps(now = new Date('2026-11-20T09:00:00Z')) {
  const claims = new Map<string, { bodyHash: string; published: boolean }>();
  const profiles = new Map<string, PersonProfile>();
  const published: LifecycleEventDetail[] = [];
  const notifications: Notification[] = [];
  const hrEvents: HrEventMarkers = {
    async claimHrEvent(eventId: string, request: HrEventClaimRequest): Promise<HrEventClaim> {
      const claim = claims.get(eventId);
      if (claim?.bodyHash !== undefined && claim.bodyHash !== request.bodyHash)
        return { state: 'conflict', keptHash: claim.bodyHash, firstReport: true };
      // In memory nothing crashes between claim and publish: a pending claim is always in progress.
      if (claim) return claim.published ? { state: 'published' } : { state: 'in-progress', leaseUntil: '' };
      claims.set(eventId, { bodyHash: request.bodyHash, published: false });
      return { state: 'claimed', takenOver: false, claimedAt: now.toISOString() };
    },
    async markHrEventPublished(eventId: string) {
      const claim = claims.get(eventId);
      if (claim) claim.published = true;
    },
    async releaseHrEvent(eventId: string) {
      claims.delete(eventId);
    },
  };
  // The acceptance path reads a profile and notes a refused event: nothing else of People.
  const people = {
    async getProfile(employeeId: string) {
      return profiles.get(employeeId) ?? null;
    },
    async recordPersonEvent() {},
  } as Partial<People> as People;
  const deps: AcceptHrEventDeps = {
    hrEvents,
    people,
    publisher: {
      async publish(event) {
        published.push(event);
      },
    },
    clock: { now: () => now },
    notifier: {
      async notify(notification) {
        notifications.push(notification);
      },
    },
  };
  return {
    deps,
    published,
    notifications,
    knowPerson(profile: Partial<PersonProfile> & { employeeId: string; email: string; fullName: string }) {
      profiles.set(profile.employeeId, {
        department: null,
        managerEmail: null,
        trelloMemberId: null,
        lifecycle: 'active',
        onLeave: false,
        lastEvent: null,
        currentRunId: null,
        version: 1,
        updatedAt: now.toISOString(),
        ...profile,
      });
    },
  };
}

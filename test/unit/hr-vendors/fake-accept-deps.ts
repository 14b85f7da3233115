/**
 * The acceptance path's dependencies in memory (claim markers, profiles, published events), for
 * unit tests of the vendor receive path. The integration suite runs the real ones.
 */
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import type { AcceptHrEventDeps } from '../../../functions/core/ingest/accept-hr-event.ts';
import type { HrEventClaim, PersonProfile, RecordStore } from '../../../functions/ports/record-store.ts';

export function fakeAcceptDeps(now = new Date('2026-11-20T09:00:00Z')) {
  const claims = new Map<string, HrEventClaim>();
  const profiles = new Map<string, PersonProfile>();
  const published: LifecycleEventDetail[] = [];
  const records = {
    async claimHrEvent(eventId: string) {
      const claim = claims.get(eventId);
      if (claim) return claim === 'published' ? 'published' : 'pending';
      claims.set(eventId, 'pending');
      return 'new';
    },
    async markHrEventPublished(eventId: string) {
      claims.set(eventId, 'published');
    },
    async getProfile(employeeId: string) {
      return profiles.get(employeeId) ?? null;
    },
    async recordPersonEvent() {},
  } as Partial<RecordStore> as RecordStore;
  const deps: AcceptHrEventDeps = {
    records,
    publisher: {
      async publish(event) {
        published.push(event);
      },
    },
    clock: { now: () => now },
  };
  return {
    deps,
    published,
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

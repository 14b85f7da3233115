/**
 * acceptHrEvent's use of the claim (the record store's side is the contract suite's): a failure
 * before the bus gives the lease up; a conflict is refused and reported once; the lease outlives
 * every API function that may hold it.
 */
import { describe, expect, it } from 'vitest';
import { HrEvent } from '../../../functions/contracts/hr-event.ts';
import { EventIdConflictError } from '../../../functions/core/errors.ts';
import { acceptHrEvent, HR_EVENT_LEASE_SECONDS } from '../../../functions/core/ingest/accept-hr-event.ts';
import type { Notification } from '../../../functions/ports/notifier.ts';
import type { HrEventClaim, HrEventMarkers } from '../../../functions/ports/records/hr-event-markers.ts';
import type { People } from '../../../functions/ports/records/people.ts';
import { API_FUNCTIONS } from '../../../infra/api-catalog.ts';

const event = HrEvent.parse({
  id: 'evt-1',
  type: 'employee.hired',
  occurredAt: '2026-11-20T09:00:00Z',
  effectiveAt: '2026-12-01T09:00:00Z',
  employee: { id: 'E1001', email: 'ana@example.com', fullName: 'Ana Lima' },
});

function depsWith(claims: HrEventClaim[], publish: () => Promise<void>) {
  const calls: string[] = [];
  const notifications: Notification[] = [];
  const hrEvents: HrEventMarkers = {
    async claimHrEvent() {
      calls.push('claim');
      return claims.shift() ?? { state: 'published' };
    },
    async markHrEventPublished() {
      calls.push('published');
    },
    async releaseHrEvent(_id: string, claimedAt: string) {
      calls.push(`release ${claimedAt}`);
    },
  };
  // Only the claim's calls matter here: the person is unknown and never written.
  const people = { getProfile: async () => null } as Partial<People> as People;
  const deps = {
    hrEvents,
    people,
    publisher: { publish },
    clock: { now: () => new Date('2026-11-20T09:00:00Z') },
    notifier: {
      async notify(n: Notification) {
        notifications.push(n);
      },
    },
  };
  return { deps, calls, notifications };
}

describe('acceptHrEvent', () => {
  it('gives the lease up when the bus refuses, so the next delivery takes over at once', async () => {
    const claimed: HrEventClaim = {
      state: 'claimed',
      takenOver: false,
      claimedAt: '2026-11-20T09:00:00.000Z',
    };
    const { deps, calls } = depsWith([claimed], async () => {
      throw new Error('EventBridge is down');
    });
    await expect(acceptHrEvent(event, deps)).rejects.toThrow('EventBridge is down');
    expect(calls).toEqual(['claim', 'release 2026-11-20T09:00:00.000Z']);
  });

  it('refuses another body under a kept id, telling admins once, starting nothing', async () => {
    const published: unknown[] = [];
    const { deps, notifications } = depsWith(
      [
        { state: 'conflict', keptHash: 'a'.repeat(64), firstReport: true },
        { state: 'conflict', keptHash: 'a'.repeat(64), firstReport: false },
      ],
      async () => {
        published.push(1);
      },
    );
    for (let i = 0; i < 2; i++) {
      const refusal = acceptHrEvent(event, deps);
      await expect(refusal).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(refusal).rejects.toThrow(/evt-1 .*first body was kept.*new event id/);
    }
    expect(published).toEqual([]);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.title).toBe(
      'HR event evt-1 refused: its id was already used for a different event',
    );
    expect(notifications[0]?.body).toMatch(/employee E1001/);
  });

  it('answers a claim held by another delivery as a duplicate in progress', async () => {
    const { deps, calls } = depsWith(
      [{ state: 'in-progress', leaseUntil: '2026-11-20T09:01:00.000Z' }],
      async () => {
        throw new Error('must not publish');
      },
    );
    expect(await acceptHrEvent(event, deps)).toMatchObject({
      outcome: 'duplicate',
      message: expect.stringMatching(/in progress/),
    });
    expect(calls).toEqual(['claim']);
  });

  it('leases a claim for longer than any API function runs, so only an ended delivery is taken over', () => {
    for (const fn of API_FUNCTIONS) expect(fn.timeoutSeconds).toBeLessThan(HR_EVENT_LEASE_SECONDS);
  });
});

import { describe, expect, it } from 'vitest';
import { DAY, type MakeRecords, MINUTE, plus, recordsUnderTest, T0 } from './records-under-test.ts';

export function hrEventMarkersContract(name: string, make: MakeRecords): void {
  describe(`HrEventMarkers contract: ${name}`, () => {
    const env = recordsUnderTest(make);
    describe('HR event claims', () => {
      const claim = (bodyHash = 'hash-a', expiresAt = plus(T0, DAY)) => ({
        bodyHash,
        expiresAt,
        leaseSeconds: 60,
      });

      it('claims an event once, answers in-progress within the lease, published after, and forgets it after its expiry', async () => {
        expect(await env.records.hrEvents.claimHrEvent('evt-1', claim())).toEqual({
          state: 'claimed',
          takenOver: false,
          claimedAt: T0,
        });
        expect(await env.records.hrEvents.claimHrEvent('evt-1', claim())).toEqual({
          state: 'in-progress',
          leaseUntil: plus(T0, MINUTE),
        });
        await env.records.hrEvents.markHrEventPublished('evt-1');
        expect(await env.records.hrEvents.claimHrEvent('evt-1', claim())).toEqual({ state: 'published' });
        env.now = new Date(plus(T0, 2 * DAY));
        expect(
          await env.records.hrEvents.claimHrEvent('evt-1', claim('hash-b', plus(env.now.toISOString(), DAY))),
        ).toMatchObject({
          state: 'claimed',
          takenOver: false,
        });
      });

      it('lets exactly one delivery take over a claim whose lease ran out, and one released at once', async () => {
        await env.records.hrEvents.claimHrEvent('evt-2', claim());
        env.now = new Date(plus(T0, MINUTE + 1));
        const racers = await Promise.all(
          Array.from({ length: 8 }, () => env.records.hrEvents.claimHrEvent('evt-2', claim())),
        );
        expect(racers.filter((r) => r.state === 'claimed')).toEqual([
          { state: 'claimed', takenOver: true, claimedAt: env.now.toISOString() },
        ]);
        expect(racers.filter((r) => r.state !== 'claimed').map((r) => r.state)).toEqual(
          Array(7).fill('in-progress'),
        );

        // A delivery that failed before publishing releases its claim: the next one takes over at once.
        await env.records.hrEvents.releaseHrEvent('evt-2', env.now.toISOString());
        expect(await env.records.hrEvents.claimHrEvent('evt-2', claim())).toMatchObject({
          state: 'claimed',
          takenOver: true,
        });
        // A release naming a claim that is no longer current changes nothing.
        await env.records.hrEvents.releaseHrEvent('evt-2', T0);
        expect(await env.records.hrEvents.claimHrEvent('evt-2', claim())).toMatchObject({
          state: 'in-progress',
        });
      });

      it('answers another body under the same id as a conflict, keeping the first, reported once per body', async () => {
        await env.records.hrEvents.claimHrEvent('evt-3', claim('hash-a'));
        expect(await env.records.hrEvents.claimHrEvent('evt-3', claim('hash-b'))).toEqual({
          state: 'conflict',
          keptHash: 'hash-a',
          firstReport: true,
        });
        expect(await env.records.hrEvents.claimHrEvent('evt-3', claim('hash-b'))).toMatchObject({
          firstReport: false,
        });
        expect(await env.records.hrEvents.claimHrEvent('evt-3', claim('hash-c'))).toMatchObject({
          firstReport: true,
        });
        await env.records.hrEvents.markHrEventPublished('evt-3');
        expect(await env.records.hrEvents.claimHrEvent('evt-3', claim('hash-b'))).toMatchObject({
          state: 'conflict',
        });
        expect(await env.records.hrEvents.claimHrEvent('evt-3', claim('hash-a'))).toEqual({
          state: 'published',
        });
      });
    });
  });
}

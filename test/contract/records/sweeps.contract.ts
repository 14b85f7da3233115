import { describe, expect, it } from 'vitest';
import type { SweepMember } from '../../../functions/ports/records/sweeps.ts';
import { allPages, DAY, type MakeRecords, plus, recordsUnderTest, T0 } from './records-under-test.ts';

export function sweepsContract(name: string, make: MakeRecords): void {
  describe(`Sweeps contract: ${name}`, () => {
    const env = recordsUnderTest(make);
    const row = (i: number, state: SweepMember['state'] = 'candidate'): SweepMember => ({
      memberId: `m${String(i).padStart(3, '0')}`,
      email: `m${i}@example.com`,
      fullName: `Member ${i}`,
      lastActiveAt: null,
      state,
      reason: 'idle',
    });

    it('adds a page of rows in batches and never overwrites a row already there', async () => {
      await env.records.sweeps.addSweepMembers('S1', [row(1)]);
      await env.records.sweeps.setSweepMemberState('S1', 'm001', { state: 'dropped', reason: 'kept' }, [
        'candidate',
      ]);
      const page = Array.from({ length: 60 }, (_, i) => row(i + 1));
      await env.records.sweeps.addSweepMembers('S1', page);
      await env.records.sweeps.addSweepMembers('S1', page);
      const all = await env.records.sweeps.listSweepMembers('S1', { limit: 100 });
      expect(all.items).toHaveLength(60);
      expect(all.items[0]).toMatchObject({ memberId: 'm001', state: 'dropped', reason: 'kept' });
      // Page by page, the rows of the sweep only (its ask-first questions share its partition).
      await env.records.sweeps.recordKeepAsk('S1', {
        memberId: 'm001',
        email: 'm1@example.com',
        tokenHash: 'h',
        answerBy: T0,
        sentAt: null,
        answeredAt: null,
      });
      const pages = await allPages(25, (cursor) =>
        env.records.sweeps.listSweepMembers('S1', { limit: 25, cursor }),
      );
      expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
      expect(pages.flat().map((m) => m.memberId)).toEqual(all.items.map((m) => m.memberId));

      const got = await env.records.sweeps.getSweepMembers('S1', ['m002', 'm060', 'm999', 'm002']);
      expect([...got.keys()].sort()).toEqual(['m002', 'm060']);
      expect(got.get('m060')).toEqual(row(60));
    });

    it('records an ask-first question once it is sent, and its answer once', async () => {
      const ask = {
        memberId: 'm1',
        email: 'm1@example.com',
        tokenHash: 'a'.repeat(64),
        answerBy: plus(T0, 7 * DAY),
        sentAt: null,
        answeredAt: null,
      };
      expect(await env.records.sweeps.getKeepAsk('S1', 'm1')).toBeNull();
      expect(await env.records.sweeps.recordKeepAsk('S1', ask)).toBe(true);
      // Not sent yet (a crash before the mail): a retry may ask again with a new link.
      expect(await env.records.sweeps.recordKeepAsk('S1', { ...ask, tokenHash: 'b'.repeat(64) })).toBe(true);
      await env.records.sweeps.markKeepAskSent('S1', 'm1', T0);
      expect(await env.records.sweeps.recordKeepAsk('S1', { ...ask, tokenHash: 'c'.repeat(64) })).toBe(false);
      expect(await env.records.sweeps.getKeepAsk('S1', 'm1')).toEqual({
        ...ask,
        tokenHash: 'b'.repeat(64),
        sentAt: T0,
      });
      expect(await env.records.sweeps.answerKeepAsk('S1', 'm1', plus(T0, DAY))).toBe(true);
      expect(await env.records.sweeps.answerKeepAsk('S1', 'm1', plus(T0, 2 * DAY))).toBe(false);
      expect((await env.records.sweeps.getKeepAsk('S1', 'm1'))?.answeredAt).toBe(plus(T0, DAY));
      await expect(env.records.sweeps.markKeepAskSent('S1', 'nobody', T0)).rejects.toThrow(/never asked/);
      // Questions live beside the members and never show up as members.
      expect((await env.records.sweeps.listSweepMembers('S1', {})).items).toEqual([]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { ConcurrentUpdateError } from '../../../functions/core/errors.ts';
import { allPages, aProfile, aRun, type MakeRecords, recordsUnderTest, T0 } from './records-under-test.ts';

export function peopleContract(name: string, make: MakeRecords): void {
  describe(`People contract: ${name}`, () => {
    const env = recordsUnderTest(make);
    describe('profiles', () => {
      it('creates a profile at version 1 and refuses a second creation', async () => {
        const created = await env.records.people.putProfile(aProfile('E1'), null);
        expect(created).toEqual({ ...aProfile('E1'), version: 1 });
        await expect(env.records.people.putProfile(aProfile('E1'), null)).rejects.toThrow(
          ConcurrentUpdateError,
        );
        expect(await env.records.people.getProfile('E1')).toEqual(created);
        expect(await env.records.people.getProfile('E2')).toBeNull();
      });

      it('updates a profile only from the version read', async () => {
        await env.records.people.putProfile(aProfile('E1'), null);
        const updated = await env.records.people.putProfile(aProfile('E1', { lifecycle: 'active' }), 1);
        expect(updated.version).toBe(2);
        const stale = env.records.people.putProfile(aProfile('E1', { lifecycle: 'offboarding' }), 1);
        await expect(stale).rejects.toThrow(ConcurrentUpdateError);
        await expect(stale).rejects.toThrow(/expected version 1, found version 2/);
        expect(await env.records.people.getProfile('E1')).toMatchObject({ lifecycle: 'active', version: 2 });
      });

      it('rejects an update of a profile that does not exist', async () => {
        await expect(env.records.people.putProfile(aProfile('E9'), 3)).rejects.toThrow(ConcurrentUpdateError);
        expect(await env.records.people.getProfile('E9')).toBeNull();
      });

      it('lists every person once, runs or none, in employee-id order and in pages, as last written', async () => {
        for (const id of ['E3', 'E1', 'E5', 'E2', 'E4'])
          await env.records.people.putProfile(aProfile(id), null);
        await env.records.people.putProfile(aProfile('E2', { lifecycle: 'offboarded' }), 1);
        await env.records.runs.createRun(aRun('r1', { employeeId: 'E1' }));
        await env.records.people.recordPersonEvent('E1', {
          id: 'evt-a',
          type: 'employee.hired',
          effectiveAt: T0,
          occurredAt: T0,
          detail: {},
        });
        const pages = await allPages(2, (cursor) => env.records.people.listPeople({ limit: 2, cursor }));
        expect(pages.map((page) => page.map((p) => p.employeeId))).toEqual([
          ['E1', 'E2'],
          ['E3', 'E4'],
          ['E5'],
        ]);
        expect(pages.flat().find((p) => p.employeeId === 'E2')).toMatchObject({
          lifecycle: 'offboarded',
          version: 2,
        });
        const { nextCursor } = await env.records.people.listPeople({ limit: 1 });
        await expect(env.records.runs.listRuns({ cursor: nextCursor })).rejects.toThrow(/cursor/);
      });

      it('records a person event idempotently', async () => {
        const event = {
          id: 'evt-a',
          type: 'employee.hired',
          effectiveAt: '2026-12-01T09:00:00Z',
          occurredAt: '2026-11-20T09:00:00Z',
          detail: { employee: { id: 'E1' } },
        };
        await env.records.people.recordPersonEvent('E1', event);
        await expect(env.records.people.recordPersonEvent('E1', event)).resolves.toBeUndefined();
      });

      it("lists a person's events in HR order, once each, stale ones marked", async () => {
        const event = (id: string, effectiveAt: string, stale?: boolean) => ({
          id,
          type: 'employee.updated',
          effectiveAt,
          occurredAt: '2026-11-20T09:00:00Z',
          detail: stale ? { stale: true } : { employee: { id: 'E1' } },
        });
        await env.records.people.recordPersonEvent('E1', event('evt-late', '2026-12-02T09:00:00Z'));
        await env.records.people.recordPersonEvent('E1', event('evt-early', '2026-12-01T09:00:00Z'));
        await env.records.people.recordPersonEvent('E1', event('evt-early', '2026-12-01T09:00:00Z'));
        await env.records.people.recordPersonEvent('E1', event('evt-stale', '2026-11-01T09:00:00Z', true));
        await env.records.people.recordPersonEvent('E2', event('evt-other', '2026-12-01T09:00:00Z'));
        const events = await env.records.people.listPersonEvents('E1');
        expect(events.map((e) => [e.id, e.stale])).toEqual([
          ['evt-stale', true],
          ['evt-early', false],
          ['evt-late', false],
        ]);
        expect(await env.records.people.listPersonEvents('E404')).toEqual([]);
      });
    });
    it('finds the people of a page of members, trusting the profile over a stale pointer', async () => {
      const ana = await env.records.people.putProfile(aProfile('E1', { trelloMemberId: 'tm1' }), null);
      await env.records.people.putProfile(aProfile('E2', { trelloMemberId: 'tm2' }), null);
      // E2 moves to another account: the old pointer stays behind and must not be believed.
      const e2 = await env.records.people.getProfile('E2');
      await env.records.people.putProfile({ ...aProfile('E2'), trelloMemberId: 'tm3' }, e2?.version ?? null);
      const people = await env.records.people.findPeopleByMemberIds(['tm1', 'tm2', 'tm3', 'nobody']);
      expect([...people.keys()].sort()).toEqual(['tm1', 'tm3']);
      expect(people.get('tm1')).toEqual(ana);
      expect(await env.records.people.findPeopleByMemberIds([])).toEqual(new Map());
    });
  });
}

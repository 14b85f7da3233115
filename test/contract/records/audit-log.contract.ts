import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredAuditEntry } from '../../../functions/ports/records/audit-log.ts';
import {
  allPages,
  anAuditEntry,
  DAY,
  type MakeRecords,
  MINUTE,
  plus,
  recordsUnderTest,
  T0,
} from './records-under-test.ts';

export function auditLogContract(name: string, make: MakeRecords): void {
  describe(`AuditLog contract: ${name}`, () => {
    const env = recordsUnderTest(make);
    describe('audit', () => {
      const KEY = 'grant-seat|member:m1';
      const results = (entries: Array<{ entry: StoredAuditEntry }>) =>
        entries.map(({ entry }) => [entry.result, entry.attempt]);

      it('appends a begun entry once per attempt and its outcome as a separate entry, never changing one', async () => {
        const a = await env.records.audit.beginAudit('run-1', KEY, anAuditEntry());
        expect(a.entry).toMatchObject({
          ...anAuditEntry(),
          result: 'begun',
          attempt: 1,
          begunId: null,
          seq: 1,
        });
        const rerun = anAuditEntry({ at: plus(T0, 5 * MINUTE), detail: 'the re-run' });
        expect(await env.records.audit.beginAudit('run-1', KEY, rerun)).toEqual(a);
        env.now = new Date(plus(T0, MINUTE));
        const outcome = await env.records.audit.completeAudit(a.ref, 'succeeded', 'granted');
        expect(outcome).toMatchObject({
          result: 'succeeded',
          detail: 'granted',
          at: env.now.toISOString(),
          attempt: 1,
          begunId: a.entry.id,
          seq: 2,
          prevHash: a.entry.hash,
        });
        // A re-run after success: the same attempt, no second begun, no second outcome.
        expect(await env.records.audit.beginAudit('run-1', KEY, anAuditEntry({ at: plus(T0, DAY) }))).toEqual(
          a,
        );
        expect(await env.records.audit.completeAudit(a.ref, 'failed', 'late failure')).toEqual(outcome);
        expect(results(await env.records.audit.runAudit('run-1'))).toEqual([
          ['begun', 1],
          ['succeeded', 1],
        ]);
        expect((await env.records.audit.listAudit({ since: T0 })).items).toEqual([a.entry, outcome]);
      });

      it('begins attempt 2 after a failed outcome, keeping the failure as written', async () => {
        const first = await env.records.audit.beginAudit('run-1', KEY, anAuditEntry());
        const failed = await env.records.audit.completeAudit(
          first.ref,
          'failed',
          'Trello said 503',
          plus(T0, MINUTE),
        );
        const second = await env.records.audit.beginAudit(
          'run-1',
          KEY,
          anAuditEntry({ at: plus(T0, 2 * MINUTE) }),
        );
        expect(second.entry).toMatchObject({ result: 'begun', attempt: 2, at: plus(T0, 2 * MINUTE) });
        expect(second.ref).not.toEqual(first.ref);
        // The failed attempt is over: a late outcome for it writes nothing.
        expect(await env.records.audit.completeAudit(first.ref, 'succeeded', 'late')).toBeNull();
        const succeeded = await env.records.audit.completeAudit(
          second.ref,
          'succeeded',
          'granted',
          plus(T0, 3 * MINUTE),
        );
        const entries = await env.records.audit.runAudit('run-1');
        expect(results(entries)).toEqual([
          ['begun', 1],
          ['failed', 1],
          ['begun', 2],
          ['succeeded', 2],
        ]);
        expect(entries.map((x) => x.entry)).toEqual([first.entry, failed, second.entry, succeeded]);
        expect(entries.map((x) => x.ref)).toEqual([first.ref, first.ref, second.ref, second.ref]);
        expect(await env.records.audit.verifyAudit({})).toEqual({ ok: true, checked: 4, firstBroken: null });
      });

      it('appends the begun entry, once, when a crash cut off its first append', async () => {
        env.crashBeforeNextAuditAppend();
        await expect(env.records.audit.beginAudit('run-1', KEY, anAuditEntry())).rejects.toThrow();
        expect(await env.records.audit.runAudit('run-1')).toEqual([]);
        expect(await env.records.audit.findAuditEntry('run-1', KEY)).toBeNull();
        const rerun = anAuditEntry({ at: plus(T0, MINUTE), detail: 'the re-run' });
        const again = await env.records.audit.beginAudit('run-1', KEY, rerun);
        // The attempt was claimed by the first try: it keeps that try's time and detail.
        expect(again.entry).toMatchObject({ at: T0, result: 'begun', detail: anAuditEntry().detail, seq: 1 });
        await env.records.audit.beginAudit('run-1', KEY, anAuditEntry({ at: plus(T0, 2 * MINUTE) }));
        expect(await env.records.audit.runAudit('run-1')).toEqual([again]);
        expect((await env.records.audit.listAudit({ since: T0 })).items).toEqual([again.entry]);
      });

      it('appends a new entry on every call not tied to a run, and its outcome naming it', async () => {
        const entry = anAuditEntry({ runId: null, actor: 'admin:it' });
        const a = await env.records.audit.beginAudit(null, 'note', entry);
        const b = await env.records.audit.beginAudit(null, 'note', entry);
        expect(a.entry.id).not.toBe(b.entry.id);
        const outcome = await env.records.audit.completeAudit(a.ref, 'failed', 'refused');
        expect(outcome).toMatchObject({ result: 'failed', begunId: a.entry.id, actor: 'admin:it', seq: 3 });
        expect((await env.records.audit.listAudit({ since: T0 })).items.map((e) => e.result)).toEqual([
          'begun',
          'begun',
          'failed',
        ]);
      });

      it("returns a run's entries in time order, and only that run's", async () => {
        await env.records.audit.beginAudit(
          'run-1',
          'b',
          anAuditEntry({ at: plus(T0, 2 * MINUTE), action: 'b' }),
        );
        await env.records.audit.beginAudit('run-2', 'a', anAuditEntry({ runId: 'run-2', action: 'other' }));
        await env.records.audit.beginAudit('run-1', 'a', anAuditEntry({ at: plus(T0, MINUTE), action: 'a' }));
        expect((await env.records.audit.runAudit('run-1')).map((x) => x.entry.action)).toEqual(['a', 'b']);
        expect(await env.records.audit.runAudit('run-3')).toEqual([]);
      });

      it('rejects an outcome for an attempt that was never begun', async () => {
        const { ref } = await env.records.audit.beginAudit('run-1', 'x', anAuditEntry());
        await expect(
          env.records.audit.completeAudit(
            { ...ref, change: { runId: 'run-9', actionKey: 'x' } },
            'succeeded',
            'd',
          ),
        ).rejects.toThrow(/does not exist/);
        await expect(
          env.records.audit.completeAudit({ ...ref, attempt: 2 }, 'succeeded', 'd'),
        ).rejects.toThrow(/does not exist/);
      });

      it('lists entries since a time, day after day in chain order, in pages', async () => {
        const times = [
          '2026-03-01T08:00:00.000Z', // before `since`
          '2026-03-01T23:59:59.999Z',
          '2026-03-02T00:00:00.000Z',
          '2026-03-02T12:00:00.000Z',
          '2026-03-05T09:30:00.000Z',
          '2026-04-01T00:00:00.000Z',
        ];
        // Appended out of day order: days list in order, each day in the order it was appended.
        for (const at of [...times].reverse()) {
          await env.records.audit.beginAudit(
            `run-${at}`,
            'x',
            anAuditEntry({ at, runId: `run-${at}`, detail: at }),
          );
        }
        const since = '2026-03-01T12:00:00Z';
        const pages = await allPages(2, (cursor) => env.records.audit.listAudit({ since, limit: 2, cursor }));
        expect(pages.map((p) => p.map((x) => x.at))).toEqual([
          [times[1], times[3]],
          [times[2], times[4]],
          [times[5]],
        ]);
        const everything = await env.records.audit.listAudit({
          since: '2000-01-01T00:00:00.000Z',
          limit: 1000,
        });
        expect(everything.items.map((x) => [x.at, x.seq])).toEqual([
          [times[1], 1],
          [times[0], 2],
          [times[3], 1],
          [times[2], 2],
          [times[4], 1],
          [times[5], 1],
        ]);
        expect(everything.nextCursor).toBeNull();
        expect((await env.records.audit.listAudit({ since: '2026-04-01T00:00:00.001Z' })).items).toEqual([]);
        expect(await env.records.audit.verifyAudit({})).toEqual({ ok: true, checked: 6, firstBroken: null });
        expect(await env.records.audit.verifyAudit({ since: '2026-03-05' })).toEqual({
          ok: true,
          checked: 2,
          firstBroken: null,
        });
      });

      it('rejects a malformed since or cursor', async () => {
        await expect(env.records.audit.listAudit({ since: 'yesterday' })).rejects.toThrow(/since/);
        await expect(env.records.audit.listAudit({ since: T0, cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
        await expect(env.records.audit.verifyAudit({ since: 'yesterday' })).rejects.toThrow(/since/);
      });

      it('chains every entry of a day onto the one before it', async () => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            env.records.audit.beginAudit(null, 'note', anAuditEntry({ detail: `${i}` })),
          ),
        );
        const { items } = await env.records.audit.listAudit({ since: T0, limit: 1000 });
        expect(items.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(items[0]?.prevHash).toBe('0'.repeat(64));
        items.slice(1).forEach((e, i) => {
          expect(e.prevHash).toBe(items[i]?.hash);
        });
        expect(new Set(items.map((e) => e.hash)).size).toBe(20);
        expect(await env.records.audit.verifyAudit({})).toEqual({ ok: true, checked: 20, firstBroken: null });
      });

      it('keeps exactly one begun entry per (run, action) under any interleaving and repetition of begins', async () => {
        let rounds = 0;
        const call = fc.record({
          run: fc.integer({ min: 0, max: 2 }),
          action: fc.integer({ min: 0, max: 2 }),
          delayMs: fc.integer({ min: 0, max: 10 * MINUTE }),
        });
        await fc.assert(
          fc.asyncProperty(
            // Batches run one after another (re-runs); the calls inside a batch run concurrently.
            fc.array(fc.array(call, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
            async (batches) => {
              const round = `prop-${rounds++}-`;
              const runId = (n: number) => `${round}run-${n}`;
              for (const batch of batches) {
                await Promise.all(
                  batch.map(({ run, action, delayMs }) =>
                    env.records.audit.beginAudit(
                      runId(run),
                      `action-${action}`,
                      anAuditEntry({ at: plus(T0, delayMs), runId: runId(run), action: `action-${action}` }),
                    ),
                  ),
                );
              }
              const pairs = [
                ...new Set(batches.flat().map((c) => `${runId(c.run)}|action-${c.action}`)),
              ].sort();
              const listed = (await env.records.audit.listAudit({ since: T0, limit: 1000 })).items
                .filter((e) => e.runId?.startsWith(round))
                .map((e) => `${e.runId}|${e.action}`);
              expect(listed.sort()).toEqual(pairs);
              const perRun = await Promise.all([0, 1, 2].map((n) => env.records.audit.runAudit(runId(n))));
              expect(
                perRun
                  .flat()
                  .map((x) => `${x.entry.runId}|${x.entry.action}`)
                  .sort(),
              ).toEqual(pairs);
            },
          ),
          { numRuns: 25 },
        );
        expect((await env.records.audit.verifyAudit({})).ok).toBe(true);
      });
    });
    it('finds the current attempt at a run and action (its outcome once written), or none', async () => {
      expect(await env.records.audit.findAuditEntry('run-1', 'reclaim-seat|m1')).toBeNull();
      const begun = await env.records.audit.beginAudit('run-1', 'reclaim-seat|m1', anAuditEntry());
      expect(await env.records.audit.findAuditEntry('run-1', 'reclaim-seat|m1')).toEqual(begun);
      expect(await env.records.audit.findAuditEntry('run-2', 'reclaim-seat|m1')).toBeNull();
      const outcome = await env.records.audit.completeAudit(begun.ref, 'succeeded', 'revoked');
      expect(await env.records.audit.findAuditEntry('run-1', 'reclaim-seat|m1')).toEqual({
        ref: begun.ref,
        entry: outcome,
      });
    });
  });
}

/**
 * The GuardStore contract (ports/guard-store.ts), for every backend: the DynamoDB adapter on
 * dynalite (test/integration/adapters/dynamodb/guard-store.test.ts) and the in-memory fake the
 * core's unit tests use (test/unit/fakes/in-memory-guard-store.contract.test.ts). Each test gets an
 * empty store; batch ids are the backend's own, so only their equality is asserted.
 */
import { describe, expect, it } from 'vitest';
import type { GuardStore } from '../../functions/ports/guard-store.ts';

/** Builds an empty store; `close` ends what it started. */
export type MakeGuardStore = () => Promise<{ guard: GuardStore; close(): Promise<void> }>;

const T0 = '2026-12-04T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const limits = { windowMinutes: 60, limit: 2 };
const held = (runId: string, department: string | null = 'Sales') => ({
  runId,
  eventId: `evt-${runId}`,
  employeeId: `E-${runId}`,
  email: `${runId}@example.com`,
  fullName: runId,
  department,
  managerEmail: null,
  heldAt: T0,
  reason: 'past the limit of 2',
});

export function guardStoreContract(name: string, make: MakeGuardStore): void {
  describe(`GuardStore contract: ${name}`, () => {
    const withStore = (test: (guard: GuardStore) => Promise<void>) => async () => {
      const { guard, close } = await make();
      try {
        await test(guard);
      } finally {
        await close();
      }
    };

    it(
      'counts each change once and answers its position in the window',
      withStore(async (guard) => {
        expect(await guard.countChange('terminations', 'r1', at(0), 60)).toBe(1);
        expect(await guard.countChange('terminations', 'r2', at(10), 60)).toBe(2);
        expect(await guard.countChange('terminations', 'r1', at(20), 60)).toBe(1);
        expect(await guard.countChange('terminations', 'r3', at(30), 60)).toBe(3);
      }),
    );

    it(
      'leaves the changes before the window out of the position',
      withStore(async (guard) => {
        await guard.countChange('terminations', 'r1', at(0), 60);
        await guard.countChange('terminations', 'r2', at(30), 60);
        expect(await guard.countChange('terminations', 'r3', at(61), 60)).toBe(2);
      }),
    );

    it(
      'answers the changes counted per hour since an instant, oldest hour first',
      withStore(async (guard) => {
        await guard.countChange('terminations', 'r1', at(0), 60);
        await guard.countChange('terminations', 'r2', at(10), 60);
        await guard.countChange('terminations', 'r3', at(70), 60);
        expect(await guard.hourlyCounts('terminations', at(0))).toEqual([2, 1]);
        expect(await guard.hourlyCounts('terminations', at(60))).toEqual([1]);
      }),
    );

    it(
      'holds runs in one open batch, opened by the first, and answers a run held again from its place',
      withStore(async (guard) => {
        const first = await guard.hold('terminations', held('r1'), limits);
        const second = await guard.hold('terminations', held('r2', null), limits);
        const again = await guard.hold('terminations', held('r1'), limits);
        expect(first.opened).toBe(true);
        expect(second).toMatchObject({ opened: false, held: { batchId: first.held.batchId } });
        expect(again).toMatchObject({
          opened: false,
          held: { batchId: first.held.batchId, decision: 'pending' },
        });
        expect(await guard.getBatch(first.held.batchId)).toMatchObject({
          kind: 'terminations',
          status: 'open',
          openedAt: T0,
          windowMinutes: 60,
          limit: 2,
        });
        expect((await guard.batchRuns(first.held.batchId)).map((r) => r.runId).sort()).toEqual(['r1', 'r2']);
        expect(await guard.heldRun('r2')).toMatchObject({
          department: null,
          decision: 'pending',
          decidedBy: null,
        });
      }),
    );

    it(
      'keeps the task token of a pending run only, and decides a run once',
      withStore(async (guard) => {
        await guard.hold('terminations', held('r1'), limits);
        expect(await guard.setHoldToken('r1', 'token-1')).toBe(true);
        expect(await guard.holdToken('r1')).toBe('token-1');
        expect(await guard.decide('r1', 'released', 'it@example.com', at(5))).toBe(true);
        expect(await guard.decide('r1', 'discarded', 'other@example.com', at(6))).toBe(false);
        expect(await guard.setHoldToken('r1', 'token-2')).toBe(false);
        expect(await guard.heldRun('r1')).toMatchObject({
          decision: 'released',
          decidedBy: 'it@example.com',
          decidedAt: at(5),
        });
      }),
    );

    it(
      'closes a batch once; a run held afterwards opens the next one, which the listing shows',
      withStore(async (guard) => {
        const { held: first } = await guard.hold('terminations', held('r1'), limits);
        expect(await guard.closeBatch(first.batchId, at(5))).toBe(true);
        expect(await guard.closeBatch(first.batchId, at(6))).toBe(false);
        expect((await guard.getBatch(first.batchId))?.status).toBe('decided');
        const next = await guard.hold('terminations', held('r2'), limits);
        expect(next.opened).toBe(true);
        expect(next.held.batchId).not.toBe(first.batchId);
        expect((await guard.listBatches()).map((b) => [b.batchId, b.status])).toEqual([
          [next.held.batchId, 'open'],
        ]);
      }),
    );

    it(
      'answers nothing for runs and batches it never held',
      withStore(async (guard) => {
        expect(await guard.heldRun('nobody')).toBeNull();
        expect(await guard.holdToken('nobody')).toBeNull();
        expect(await guard.setHoldToken('nobody', 'token')).toBe(false);
        expect(await guard.decide('nobody', 'released', 'it@example.com', T0)).toBe(false);
        expect(await guard.getBatch('no-batch')).toBeNull();
        expect(await guard.listBatches()).toEqual([]);
      }),
    );
  });
}

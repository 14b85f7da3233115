/**
 * What every RecordStore must do (functions/ports/record-store.ts). Run against each backend
 * (dynalite today; Amazon DynamoDB Local or a real table can be added as targets).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalNotPendingError, ConcurrentUpdateError } from '../../functions/core/errors.ts';
import type {
  ApprovalRecord,
  PersonProfile,
  RecordStore,
  RunRecord,
} from '../../functions/ports/record-store.ts';

export type MakeStore = (now: () => Date) => Promise<{ store: RecordStore; close(): Promise<void> }>;

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${++seq}`;

function aProfile(employeeId: string): Omit<PersonProfile, 'version'> {
  return {
    employeeId,
    email: `${employeeId.toLowerCase()}@example.com`,
    fullName: 'Ana Lima',
    department: 'Design',
    managerEmail: null,
    trelloMemberId: null,
    lifecycle: 'onboarding',
    onLeave: false,
    lastEvent: null,
    currentRunId: null,
    updatedAt: '2026-11-22T10:00:00.000Z',
  };
}

function aRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: unique('run'),
    kind: 'onboarding',
    employeeId: 'E1',
    executionName: 'exec-1',
    eventId: 'evt-1',
    status: 'running',
    outcome: null,
    summary: null,
    dryRun: false,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    steps: [],
    ...overrides,
  };
}

function anApproval(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id: unique('apr'),
    runId: unique('run'),
    kind: 'seats-exhausted',
    subjectEmployeeId: 'E1',
    subjectEmail: 'ana@example.com',
    question: 'Seat?',
    options: ['approve', 'reject'],
    status: 'pending',
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    decidedBy: null,
    decidedAt: null,
    comment: null,
    ...overrides,
  };
}

export function recordStoreContract(name: string, makeStore: MakeStore): void {
  describe(`RecordStore contract: ${name}`, () => {
    let now = new Date();
    let store: RecordStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await makeStore(() => now));
    });
    afterAll(() => close());

    it('creates a profile once and updates it only from the version read', async () => {
      const id = unique('E');
      const created = await store.putProfile(aProfile(id), null);
      expect(created.version).toBe(1);
      await expect(store.putProfile(aProfile(id), null)).rejects.toThrow(ConcurrentUpdateError);
      const updated = await store.putProfile({ ...aProfile(id), lifecycle: 'active' }, 1);
      expect(updated.version).toBe(2);
      await expect(store.putProfile(aProfile(id), 1)).rejects.toThrow(ConcurrentUpdateError);
      expect(await store.getProfile(id)).toMatchObject({ lifecycle: 'active', version: 2 });
      expect(await store.getProfile(unique('nobody'))).toBeNull();
    });

    it('claims an HR event once, re-offers it until published, and forgets it after its expiry', async () => {
      const id = unique('evt');
      const expiresAt = new Date(now.getTime() + 60_000).toISOString();
      expect(await store.claimHrEvent(id, expiresAt)).toBe('new');
      expect(await store.claimHrEvent(id, expiresAt)).toBe('pending');
      await store.markHrEventPublished(id);
      expect(await store.claimHrEvent(id, expiresAt)).toBe('published');
      now = new Date(now.getTime() + 120_000);
      try {
        expect(await store.claimHrEvent(id, new Date(now.getTime() + 60_000).toISOString())).toBe('new');
      } finally {
        now = new Date();
      }
    });

    it('records HR events idempotently', async () => {
      const id = unique('E');
      const event = {
        id: 'evt-a',
        type: 'employee.hired',
        effectiveAt: '2026-12-01T09:00:00Z',
        occurredAt: '2026-11-20T09:00:00Z',
        detail: {},
      };
      await store.recordPersonEvent(id, event);
      await store.recordPersonEvent(id, event);
    });

    it('creates a run once and returns the stored one on a duplicate', async () => {
      const run = aRun();
      expect((await store.createRun(run)).created).toBe(true);
      const again = await store.createRun({ ...run, executionName: 'exec-2' });
      expect(again).toMatchObject({ created: false, run: { executionName: 'exec-1' } });
    });

    it('replaces a step run again instead of piling it up, keeping first-seen order', async () => {
      const run = aRun();
      await store.createRun(run);
      await store.recordRunStep(run.runId, { step: 'decide', at: '1', result: 'done', detail: 'a' });
      await new Promise((r) => setTimeout(r, 2));
      await store.recordRunStep(run.runId, { step: 'grant', at: '2', result: 'failed', detail: 'b' });
      await store.recordRunStep(run.runId, { step: 'decide', at: '3', result: 'done', detail: 'again' });
      await store.recordRunStep(run.runId, { step: 'grant', at: '4', result: 'done', detail: 'c' });
      const stored = await store.getRun(run.runId);
      expect(stored?.steps.map((s) => [s.step, s.detail])).toEqual([
        ['decide', 'again'],
        ['grant', 'c'],
      ]);
      await expect(
        store.recordRunStep(unique('none'), { step: 'x', at: '1', result: 'done', detail: '' }),
      ).rejects.toThrow(/does not exist/);
    });

    it('pages a person’s runs to the end without wandering into their other records', async () => {
      const employeeId = unique('E');
      await store.putProfile(aProfile(employeeId), null);
      for (const id of ['e1', 'e2', 'e3']) {
        await store.recordPersonEvent(employeeId, {
          id,
          type: 'employee.updated',
          effectiveAt: '2026-01-01T00:00:00Z',
          occurredAt: '2026-01-01T00:00:00Z',
          detail: {},
        });
      }
      const runs = [0, 1, 2].map((i) =>
        aRun({ employeeId, startedAt: new Date(Date.UTC(2031, 0, 1, 0, 0, i)).toISOString() }),
      );
      for (const run of runs) await store.createRun(run);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const result = await store.listRuns({ employeeId, limit: 1, cursor });
        seen.push(...result.items.map((r) => r.runId));
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual([runs[2]?.runId, runs[1]?.runId, runs[0]?.runId]);
    });

    it('finishes runs and lists them by status and by person, newest first, in pages', async () => {
      const employeeId = unique('E');
      const runs = [0, 1, 2, 3].map((i) =>
        aRun({ employeeId, startedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString() }),
      );
      for (const run of runs) await store.createRun(run);
      for (const run of runs.slice(0, 3)) {
        await store.finishRun(run.runId, {
          status: 'succeeded',
          outcome: 'licensed',
          summary: 'ok',
          finishedAt: run.startedAt,
        });
      }
      const first = await store.listRuns({ employeeId, limit: 2 });
      expect(first.items.map((r) => r.runId)).toEqual([runs[3]?.runId, runs[2]?.runId]);
      const second = await store.listRuns({ employeeId, limit: 2, cursor: first.nextCursor });
      expect(second.items.map((r) => r.runId)).toEqual([runs[1]?.runId, runs[0]?.runId]);
      const succeeded = await store.listRuns({ status: 'succeeded', limit: 1000 });
      expect(succeeded.items.map((r) => r.runId)).toEqual(
        expect.arrayContaining(runs.slice(0, 3).map((r) => r.runId)),
      );
      expect(succeeded.items.map((r) => r.runId)).not.toContain(runs[3]?.runId);
      const all = await store.listRuns({ limit: 3 });
      expect((all.items[0]?.startedAt ?? '') >= (all.items[1]?.startedAt ?? '')).toBe(true);
      await expect(store.listRuns({ cursor: 'nonsense' })).rejects.toThrow(/cursor/);
    });

    it('begins one audit entry per run and change, however often and whatever was lost', async () => {
      const runId = unique('run');
      const entry = {
        at: new Date().toISOString(),
        actor: 'hr:evt',
        action: 'grant-seat',
        target: 'member:1',
        detail: 'd',
        runId,
        employeeId: 'E1',
      };
      const a = await store.beginAudit(runId, 'grant-seat|member:1', entry);
      const b = await store.beginAudit(runId, 'grant-seat|member:1', {
        ...entry,
        at: new Date(Date.now() + 5000).toISOString(),
      });
      expect(b.ref).toEqual(a.ref);
      await store.completeAudit(a.ref, 'succeeded', 'granted');
      const listed = (await store.listAudit({ since: entry.at, limit: 1000 })).items.filter(
        (x) => x.runId === runId,
      );
      expect(listed).toEqual([expect.objectContaining({ result: 'succeeded', detail: 'granted' })]);
    });

    it('keeps exactly one audit entry per (run, action) under any repetition of begins', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }),
          async (actions) => {
            const runId = unique('prop');
            const at = new Date().toISOString();
            await Promise.all(
              actions.map((n) =>
                store.beginAudit(runId, `action-${n}`, {
                  at,
                  actor: 't',
                  action: `action-${n}`,
                  target: 't',
                  detail: '',
                  runId,
                  employeeId: null,
                }),
              ),
            );
            const mine = (await store.listAudit({ since: at, limit: 1000 })).items.filter(
              (x) => x.runId === runId,
            );
            expect(mine.length).toBe(new Set(actions).size);
          },
        ),
        { numRuns: 15 },
      );
    });

    it('lists audit entries since a time, in order, in pages', async () => {
      const since = new Date(Date.now() + 86_400_000 * 400).toISOString();
      const base = Date.parse(since);
      for (let i = 0; i < 5; i++) {
        await store.beginAudit(null, 'x', {
          at: new Date(base + i * 86_400_000).toISOString(),
          actor: 'admin:a',
          action: 'note',
          target: 't',
          detail: `${i}`,
          runId: null,
          employeeId: null,
        });
      }
      const first = await store.listAudit({ since, limit: 3 });
      const second = await store.listAudit({ since, limit: 3, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((x) => x.detail)).toEqual(['0', '1', '2', '3', '4']);
    });

    it('never returns the task token with an approval, and refreshes it while pending', async () => {
      const approval = anApproval();
      const stored = await store.putApproval(approval, 'secret-token-1');
      expect(JSON.stringify(stored)).not.toContain('secret-token');
      expect(await store.approvalTaskToken(approval.id)).toBe('secret-token-1');
      await store.putApproval(approval, 'secret-token-2');
      expect(await store.approvalTaskToken(approval.id)).toBe('secret-token-2');
      expect(JSON.stringify(await store.getApproval(approval.id))).not.toContain('secret-token');
      expect(JSON.stringify(await store.listApprovals({ status: 'pending', limit: 1000 }))).not.toContain(
        'secret-token',
      );
    });

    it('decides an approval exactly once', async () => {
      const approval = anApproval();
      await store.putApproval(approval, 'tok');
      const decided = await store.decideApproval(approval.id, {
        status: 'approved',
        by: 'it@example.com',
        at: now.toISOString(),
        comment: 'ok',
      });
      expect(decided).toMatchObject({ status: 'approved', decidedBy: 'it@example.com' });
      expect(JSON.stringify(decided)).not.toContain('tok"');
      await expect(
        store.decideApproval(approval.id, {
          status: 'rejected',
          by: 'other@example.com',
          at: now.toISOString(),
          comment: null,
        }),
      ).rejects.toThrow(/already approved by it@example.com/);
      await expect(
        store.decideApproval(unique('missing'), { status: 'approved', by: 'x', at: '', comment: null }),
      ).rejects.toThrow(ApprovalNotPendingError);
      // A decided approval is not reopened by a re-run of the workflow.
      expect((await store.putApproval(approval, 'tok-3')).status).toBe('approved');
    });

    it('treats a pending approval past its expiry as expired: not listed pending, not decidable', async () => {
      const approval = anApproval({ expiresAt: new Date(now.getTime() + 60_000).toISOString() });
      await store.putApproval(approval, 'tok');
      expect(
        (await store.listApprovals({ status: 'pending', limit: 1000 })).items.map((a) => a.id),
      ).toContain(approval.id);
      now = new Date(now.getTime() + 120_000);
      try {
        expect(await store.getApproval(approval.id)).toMatchObject({ status: 'expired' });
        expect(
          (await store.listApprovals({ status: 'pending', limit: 1000 })).items.map((a) => a.id),
        ).not.toContain(approval.id);
        expect(
          (await store.listApprovals({ status: 'expired', limit: 1000 })).items.map((a) => a.id),
        ).toContain(approval.id);
        await expect(
          store.decideApproval(approval.id, {
            status: 'approved',
            by: 'it@example.com',
            at: now.toISOString(),
            comment: null,
          }),
        ).rejects.toThrow(/expired/);
      } finally {
        now = new Date();
      }
    });
  });
}

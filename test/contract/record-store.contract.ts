/**
 * What every RecordPorts must do (functions/ports/record-store.ts), run against each backend
 * (dynalite today; Amazon DynamoDB Local or a real table are further targets of the same suite).
 * Each test gets an empty store and a clock it moves by hand, so listings are asserted exactly.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApprovalNotPendingError, ConcurrentUpdateError } from '../../functions/core/errors.ts';
import type { ApprovalRecord } from '../../functions/ports/records/approvals.ts';
import type { AuditEntry, StoredAuditEntry } from '../../functions/ports/records/audit-log.ts';
import type { Page } from '../../functions/ports/records/page.ts';
import type { PersonProfile } from '../../functions/ports/records/people.ts';
import type { HrExportRow } from '../../functions/ports/records/reconciliations.ts';
import type { RecordPorts } from '../../functions/ports/records/record-ports.ts';
import type { RunRecord } from '../../functions/ports/records/runs.ts';
import type { SweepMember } from '../../functions/ports/records/sweeps.ts';

export interface StoreUnderTest {
  store: RecordPorts;
  close(): Promise<void>;
  /**
   * Makes the store's next write of an audit entry fail as a crash would cut it off: what came
   * before it (the claim of the attempt) stays.
   */
  crashBeforeNextAuditAppend(): void;
}

/** Builds an empty store whose "now" is `now()`. */
export type MakeStore = (now: () => Date) => Promise<StoreUnderTest>;

const T0 = '2026-11-22T10:00:00.000Z';
const TOKEN = 'TASK-TOKEN-s3cr3t';
const MINUTE = 60_000;
const DAY = 86_400_000;

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

function aProfile(
  employeeId: string,
  overrides: Partial<PersonProfile> = {},
): Omit<PersonProfile, 'version'> {
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
    updatedAt: T0,
    ...overrides,
  };
}

function aRun(runId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId,
    kind: 'onboarding',
    employeeId: 'E1',
    executionName: `exec-${runId}`,
    eventId: 'evt-1',
    status: 'running',
    outcome: null,
    summary: null,
    dryRun: false,
    startedAt: T0,
    finishedAt: null,
    steps: [],
    ...overrides,
  };
}

function anAuditEntry(overrides: Partial<AuditEntry> = {}): Omit<AuditEntry, 'id' | 'result'> {
  return {
    at: T0,
    actor: 'hr:evt-1',
    action: 'grant-seat',
    target: 'member:m1',
    detail: 'grant a seat',
    runId: 'run-1',
    employeeId: 'E1',
    ...overrides,
  };
}

function anApproval(id: string, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id,
    runId: 'run-1',
    kind: 'seats-exhausted',
    subjectEmployeeId: 'E1',
    subjectEmail: 'ana@example.com',
    question: 'No seat is free. Approve to retry the grant?',
    options: ['approve', 'reject'],
    status: 'pending',
    createdAt: T0,
    expiresAt: plus(T0, 60 * MINUTE),
    decidedBy: null,
    decidedAt: null,
    comment: null,
    ...overrides,
  };
}

/** Every page of a listing, checking that pages are full until the last one. */
async function allPages<T>(limit: number, list: (cursor: string | null) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await list(cursor);
    pages.push(page.items);
    if (page.nextCursor !== null) expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

const runIds = (pages: RunRecord[][]) => pages.map((page) => page.map((r) => r.runId));
const approvalIds = (pages: ApprovalRecord[][]) => pages.map((page) => page.map((a) => a.id));

export function recordStoreContract(name: string, makeStore: MakeStore): void {
  describe(`RecordPorts contract: ${name}`, () => {
    let now: Date;
    let target: StoreUnderTest;
    let store: RecordPorts;
    beforeEach(async () => {
      now = new Date(T0);
      target = await makeStore(() => now);
      store = target.store;
    });
    afterEach(() => target.close());

    describe('profiles', () => {
      it('creates a profile at version 1 and refuses a second creation', async () => {
        const created = await store.people.putProfile(aProfile('E1'), null);
        expect(created).toEqual({ ...aProfile('E1'), version: 1 });
        await expect(store.people.putProfile(aProfile('E1'), null)).rejects.toThrow(ConcurrentUpdateError);
        expect(await store.people.getProfile('E1')).toEqual(created);
        expect(await store.people.getProfile('E2')).toBeNull();
      });

      it('updates a profile only from the version read', async () => {
        await store.people.putProfile(aProfile('E1'), null);
        const updated = await store.people.putProfile(aProfile('E1', { lifecycle: 'active' }), 1);
        expect(updated.version).toBe(2);
        const stale = store.people.putProfile(aProfile('E1', { lifecycle: 'offboarding' }), 1);
        await expect(stale).rejects.toThrow(ConcurrentUpdateError);
        await expect(stale).rejects.toThrow(/expected version 1, found version 2/);
        expect(await store.people.getProfile('E1')).toMatchObject({ lifecycle: 'active', version: 2 });
      });

      it('rejects an update of a profile that does not exist', async () => {
        await expect(store.people.putProfile(aProfile('E9'), 3)).rejects.toThrow(ConcurrentUpdateError);
        expect(await store.people.getProfile('E9')).toBeNull();
      });

      it('lists every person once, runs or none, in employee-id order and in pages, as last written', async () => {
        for (const id of ['E3', 'E1', 'E5', 'E2', 'E4']) await store.people.putProfile(aProfile(id), null);
        await store.people.putProfile(aProfile('E2', { lifecycle: 'offboarded' }), 1);
        await store.runs.createRun(aRun('r1', { employeeId: 'E1' }));
        await store.people.recordPersonEvent('E1', {
          id: 'evt-a',
          type: 'employee.hired',
          effectiveAt: T0,
          occurredAt: T0,
          detail: {},
        });
        const pages = await allPages(2, (cursor) => store.people.listPeople({ limit: 2, cursor }));
        expect(pages.map((page) => page.map((p) => p.employeeId))).toEqual([
          ['E1', 'E2'],
          ['E3', 'E4'],
          ['E5'],
        ]);
        expect(pages.flat().find((p) => p.employeeId === 'E2')).toMatchObject({
          lifecycle: 'offboarded',
          version: 2,
        });
        const { nextCursor } = await store.people.listPeople({ limit: 1 });
        await expect(store.runs.listRuns({ cursor: nextCursor })).rejects.toThrow(/cursor/);
      });

      it('records a person event idempotently', async () => {
        const event = {
          id: 'evt-a',
          type: 'employee.hired',
          effectiveAt: '2026-12-01T09:00:00Z',
          occurredAt: '2026-11-20T09:00:00Z',
          detail: { employee: { id: 'E1' } },
        };
        await store.people.recordPersonEvent('E1', event);
        await expect(store.people.recordPersonEvent('E1', event)).resolves.toBeUndefined();
      });

      it("lists a person's events in HR order, once each, stale ones marked", async () => {
        const event = (id: string, effectiveAt: string, stale?: boolean) => ({
          id,
          type: 'employee.updated',
          effectiveAt,
          occurredAt: '2026-11-20T09:00:00Z',
          detail: stale ? { stale: true } : { employee: { id: 'E1' } },
        });
        await store.people.recordPersonEvent('E1', event('evt-late', '2026-12-02T09:00:00Z'));
        await store.people.recordPersonEvent('E1', event('evt-early', '2026-12-01T09:00:00Z'));
        await store.people.recordPersonEvent('E1', event('evt-early', '2026-12-01T09:00:00Z'));
        await store.people.recordPersonEvent('E1', event('evt-stale', '2026-11-01T09:00:00Z', true));
        await store.people.recordPersonEvent('E2', event('evt-other', '2026-12-01T09:00:00Z'));
        const events = await store.people.listPersonEvents('E1');
        expect(events.map((e) => [e.id, e.stale])).toEqual([
          ['evt-stale', true],
          ['evt-early', false],
          ['evt-late', false],
        ]);
        expect(await store.people.listPersonEvents('E404')).toEqual([]);
      });
    });

    describe('HR event claims', () => {
      const claim = (bodyHash = 'hash-a', expiresAt = plus(T0, DAY)) => ({
        bodyHash,
        expiresAt,
        leaseSeconds: 60,
      });

      it('claims an event once, answers in-progress within the lease, published after, and forgets it after its expiry', async () => {
        expect(await store.hrEvents.claimHrEvent('evt-1', claim())).toEqual({
          state: 'claimed',
          takenOver: false,
          claimedAt: T0,
        });
        expect(await store.hrEvents.claimHrEvent('evt-1', claim())).toEqual({
          state: 'in-progress',
          leaseUntil: plus(T0, MINUTE),
        });
        await store.hrEvents.markHrEventPublished('evt-1');
        expect(await store.hrEvents.claimHrEvent('evt-1', claim())).toEqual({ state: 'published' });
        now = new Date(plus(T0, 2 * DAY));
        expect(
          await store.hrEvents.claimHrEvent('evt-1', claim('hash-b', plus(now.toISOString(), DAY))),
        ).toMatchObject({
          state: 'claimed',
          takenOver: false,
        });
      });

      it('lets exactly one delivery take over a claim whose lease ran out, and one released at once', async () => {
        await store.hrEvents.claimHrEvent('evt-2', claim());
        now = new Date(plus(T0, MINUTE + 1));
        const racers = await Promise.all(
          Array.from({ length: 8 }, () => store.hrEvents.claimHrEvent('evt-2', claim())),
        );
        expect(racers.filter((r) => r.state === 'claimed')).toEqual([
          { state: 'claimed', takenOver: true, claimedAt: now.toISOString() },
        ]);
        expect(racers.filter((r) => r.state !== 'claimed').map((r) => r.state)).toEqual(
          Array(7).fill('in-progress'),
        );

        // A delivery that failed before publishing releases its claim: the next one takes over at once.
        await store.hrEvents.releaseHrEvent('evt-2', now.toISOString());
        expect(await store.hrEvents.claimHrEvent('evt-2', claim())).toMatchObject({
          state: 'claimed',
          takenOver: true,
        });
        // A release naming a claim that is no longer current changes nothing.
        await store.hrEvents.releaseHrEvent('evt-2', T0);
        expect(await store.hrEvents.claimHrEvent('evt-2', claim())).toMatchObject({ state: 'in-progress' });
      });

      it('answers another body under the same id as a conflict, keeping the first, reported once per body', async () => {
        await store.hrEvents.claimHrEvent('evt-3', claim('hash-a'));
        expect(await store.hrEvents.claimHrEvent('evt-3', claim('hash-b'))).toEqual({
          state: 'conflict',
          keptHash: 'hash-a',
          firstReport: true,
        });
        expect(await store.hrEvents.claimHrEvent('evt-3', claim('hash-b'))).toMatchObject({
          firstReport: false,
        });
        expect(await store.hrEvents.claimHrEvent('evt-3', claim('hash-c'))).toMatchObject({
          firstReport: true,
        });
        await store.hrEvents.markHrEventPublished('evt-3');
        expect(await store.hrEvents.claimHrEvent('evt-3', claim('hash-b'))).toMatchObject({
          state: 'conflict',
        });
        expect(await store.hrEvents.claimHrEvent('evt-3', claim('hash-a'))).toEqual({ state: 'published' });
      });
    });

    describe('runs', () => {
      it('creates a run once and returns the stored run to a duplicate', async () => {
        const first = await store.runs.createRun(aRun('r1'));
        expect(first).toEqual({ created: true, run: aRun('r1') });
        const again = await store.runs.createRun(
          aRun('r1', { executionName: 'exec-other', status: 'failed' }),
        );
        expect(again).toEqual({ created: false, run: aRun('r1') });
        expect(await store.runs.getRun('r1')).toEqual(aRun('r1'));
        expect(await store.runs.getRun('missing')).toBeNull();
      });

      it('replaces a step run again instead of piling it up, keeping first-seen order', async () => {
        await store.runs.createRun(aRun('r1'));
        // The clock never moves: the order must not depend on it.
        await store.runs.recordRunStep('r1', { step: 'decide', at: T0, result: 'done', detail: 'a' });
        await store.runs.recordRunStep('r1', { step: 'grant-seat', at: T0, result: 'failed', detail: 'b' });
        await store.runs.recordRunStep('r1', { step: 'decide', at: T0, result: 'done', detail: 'again' });
        await store.runs.recordRunStep('r1', { step: 'grant-seat', at: T0, result: 'done', detail: 'c' });
        await store.runs.recordRunStep('r1', { step: 'verify', at: T0, result: 'planned', detail: 'd' });
        const run = await store.runs.getRun('r1');
        expect(run?.steps.map((s) => [s.step, s.result, s.detail])).toEqual([
          ['decide', 'done', 'again'],
          ['grant-seat', 'done', 'c'],
          ['verify', 'planned', 'd'],
        ]);
      });

      it('keeps every step recorded concurrently, once each', async () => {
        await store.runs.createRun(aRun('r1'));
        const names = Array.from({ length: 8 }, (_, i) => `step-${i}`);
        await Promise.all(
          [...names, ...names].map((step) =>
            store.runs.recordRunStep('r1', { step, at: T0, result: 'done', detail: step }),
          ),
        );
        const steps = (await store.runs.getRun('r1'))?.steps.map((s) => s.step) ?? [];
        expect([...steps].sort()).toEqual(names);
      });

      it('rejects a step or an end for a run that does not exist', async () => {
        const step = { step: 'x', at: T0, result: 'done', detail: '' } as const;
        await expect(store.runs.recordRunStep('missing', step)).rejects.toThrow(/does not exist/);
        const end = { status: 'failed', outcome: 'x', summary: 'x', finishedAt: T0 } as const;
        await expect(store.runs.finishRun('missing', end)).rejects.toThrow(/does not exist/);
      });

      it('answers the run status a recorded step left, to spare a second write', async () => {
        await store.runs.createRun(aRun('r1'));
        const step = { step: 'grant-seat', at: T0, result: 'done', detail: 'ok' } as const;
        expect(await store.runs.recordRunStep('r1', step)).toBe('running');
        await store.runs.setRunWaiting('r1', 'waiting-approval', 'running');
        expect(await store.runs.recordRunStep('r1', { ...step, detail: 'again' })).toBe('waiting-approval');
      });

      it('finishes a run and moves it between status listings', async () => {
        await store.runs.createRun(aRun('r1'));
        await store.runs.recordRunStep('r1', { step: 'grant-seat', at: T0, result: 'done', detail: 'ok' });
        const end = {
          status: 'succeeded',
          outcome: 'licensed',
          summary: 'Ana got a seat',
          finishedAt: T0,
        } as const;
        const finished = await store.runs.finishRun('r1', end);
        expect(finished).toMatchObject({
          ...end,
          runId: 'r1',
          steps: [expect.objectContaining({ step: 'grant-seat' })],
        });
        expect(await store.runs.getRun('r1')).toEqual(finished);
        expect((await store.runs.listRuns({ status: 'running' })).items).toEqual([]);
        expect((await store.runs.listRuns({ status: 'succeeded' })).items).toEqual([finished]);
      });

      it('lists runs by status, by person, and across statuses, newest first, in pages', async () => {
        for (const [i, runId] of ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'].entries()) {
          const employeeId = i % 2 === 0 ? 'E1' : 'E2';
          await store.runs.createRun(aRun(runId, { employeeId, startedAt: plus(T0, i * MINUTE) }));
        }
        for (const runId of ['r1', 'r2', 'r4']) {
          await store.runs.finishRun(runId, {
            status: 'succeeded',
            outcome: 'licensed',
            summary: 's',
            finishedAt: T0,
          });
        }
        expect(runIds(await allPages(2, (cursor) => store.runs.listRuns({ limit: 2, cursor })))).toEqual([
          ['r5', 'r4'],
          ['r3', 'r2'],
          ['r1', 'r0'],
        ]);
        const succeeded = await allPages(2, (cursor) =>
          store.runs.listRuns({ status: 'succeeded', limit: 2, cursor }),
        );
        expect(runIds(succeeded)).toEqual([['r4', 'r2'], ['r1']]);
        const ofE1 = await allPages(2, (cursor) =>
          store.runs.listRuns({ employeeId: 'E1', limit: 2, cursor }),
        );
        expect(runIds(ofE1)).toEqual([['r4', 'r2'], ['r0']]);
        const runningOfE1 = await allPages(1, (cursor) =>
          store.runs.listRuns({ employeeId: 'E1', status: 'running', limit: 1, cursor }),
        );
        expect(runIds(runningOfE1)).toEqual([['r0']]);
        expect((await store.runs.listRuns({ employeeId: 'E3' })).items).toEqual([]);
      });

      it("pages a person's runs to the end without wandering into their other records", async () => {
        await store.people.putProfile(aProfile('E1'), null);
        for (const id of ['e1', 'e2', 'e3']) {
          await store.people.recordPersonEvent('E1', {
            id,
            type: 'employee.updated',
            effectiveAt: T0,
            occurredAt: T0,
            detail: {},
          });
        }
        for (const i of [0, 1, 2])
          await store.runs.createRun(aRun(`r${i}`, { startedAt: plus(T0, i * MINUTE) }));
        const pages = await allPages(1, (cursor) =>
          store.runs.listRuns({ employeeId: 'E1', limit: 1, cursor }),
        );
        expect(runIds(pages)).toEqual([['r2'], ['r1'], ['r0']]);
      });

      it('rejects a page cursor it did not issue for that listing', async () => {
        await store.runs.createRun(aRun('r1'));
        await store.runs.createRun(aRun('r2', { startedAt: plus(T0, MINUTE) }));
        const { nextCursor } = await store.runs.listRuns({ limit: 1 });
        expect(nextCursor).not.toBeNull();
        await expect(store.runs.listRuns({ cursor: 'nonsense' })).rejects.toThrow(/cursor/);
        await expect(store.runs.listRuns({ status: 'failed', cursor: nextCursor })).rejects.toThrow(/cursor/);
        await expect(store.approvals.listApprovals({ cursor: nextCursor })).rejects.toThrow(/cursor/);
      });
    });

    describe('sweeps (the bulk paths)', () => {
      const row = (i: number, state: SweepMember['state'] = 'candidate'): SweepMember => ({
        memberId: `m${String(i).padStart(3, '0')}`,
        email: `m${i}@example.com`,
        fullName: `Member ${i}`,
        lastActiveAt: null,
        state,
        reason: 'idle',
      });

      it('adds a page of rows in batches and never overwrites a row already there', async () => {
        await store.sweeps.addSweepMembers('S1', [row(1)]);
        await store.sweeps.setSweepMemberState('S1', 'm001', { state: 'dropped', reason: 'kept' }, [
          'candidate',
        ]);
        const page = Array.from({ length: 60 }, (_, i) => row(i + 1));
        await store.sweeps.addSweepMembers('S1', page);
        await store.sweeps.addSweepMembers('S1', page);
        const all = await store.sweeps.listSweepMembers('S1', { limit: 100 });
        expect(all.items).toHaveLength(60);
        expect(all.items[0]).toMatchObject({ memberId: 'm001', state: 'dropped', reason: 'kept' });
        // Page by page, the rows of the sweep only (its ask-first questions share its partition).
        await store.sweeps.recordKeepAsk('S1', {
          memberId: 'm001',
          email: 'm1@example.com',
          tokenHash: 'h',
          answerBy: T0,
          sentAt: null,
          answeredAt: null,
        });
        const pages = await allPages(25, (cursor) =>
          store.sweeps.listSweepMembers('S1', { limit: 25, cursor }),
        );
        expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
        expect(pages.flat().map((m) => m.memberId)).toEqual(all.items.map((m) => m.memberId));

        const got = await store.sweeps.getSweepMembers('S1', ['m002', 'm060', 'm999', 'm002']);
        expect([...got.keys()].sort()).toEqual(['m002', 'm060']);
        expect(got.get('m060')).toEqual(row(60));
      });

      it("keeps a reconciliation's HR export: pages of its rows only, rows and sightings by email", async () => {
        const hrRow = (i: number): HrExportRow => ({
          line: i + 1,
          employeeId: `E${i}`,
          email: `p${String(i).padStart(2, '0')}@example.com`,
          fullName: null,
          department: null,
          status: i % 2 === 0 ? 'active' : 'terminated',
          terminationDate: null,
          hireDate: null,
        });
        const rows = Array.from({ length: 5 }, (_, i) => hrRow(i));
        await store.reconciliations.putHrExport('R1', rows);
        await store.reconciliations.putHrExport('R2', [hrRow(9)]);
        // Rows of the same partition the listing must not wander into.
        await store.reconciliations.addHrSightings('R1', [
          { email: 'p01@example.com', memberId: 'tm1', licensed: true, deactivated: false },
        ]);
        await store.reconciliations.addSightings('R1', [
          { employeeId: 'E1', memberId: 'tm1', licensed: true, deactivated: false },
        ]);

        const pages = await allPages(2, (cursor) =>
          store.reconciliations.listHrExport('R1', { limit: 2, cursor }),
        );
        expect(pages.map((page) => page.map((r) => r.employeeId))).toEqual([
          ['E0', 'E1'],
          ['E2', 'E3'],
          ['E4'],
        ]);
        expect(pages.flat()).toEqual(rows);

        const got = await store.reconciliations.getHrExportRows('R1', [
          'p03@example.com',
          'p09@example.com',
          'nobody@example.com',
        ]);
        expect([...got.entries()]).toEqual([['p03@example.com', hrRow(3)]]);
        await store.reconciliations.addHrSightings('R1', [
          { email: 'p01@example.com', memberId: 'tm1', licensed: false, deactivated: true },
        ]);
        const seen = await store.reconciliations.getHrSightings('R1', ['p01@example.com', 'p02@example.com']);
        expect([...seen.values()]).toEqual([
          { email: 'p01@example.com', memberId: 'tm1', licensed: true, deactivated: false },
        ]);
      });

      it('finds the people of a page of members, trusting the profile over a stale pointer', async () => {
        const ana = await store.people.putProfile(aProfile('E1', { trelloMemberId: 'tm1' }), null);
        await store.people.putProfile(aProfile('E2', { trelloMemberId: 'tm2' }), null);
        // E2 moves to another account: the old pointer stays behind and must not be believed.
        const e2 = await store.people.getProfile('E2');
        await store.people.putProfile({ ...aProfile('E2'), trelloMemberId: 'tm3' }, e2?.version ?? null);
        const people = await store.people.findPeopleByMemberIds(['tm1', 'tm2', 'tm3', 'nobody']);
        expect([...people.keys()].sort()).toEqual(['tm1', 'tm3']);
        expect(people.get('tm1')).toEqual(ana);
        expect(await store.people.findPeopleByMemberIds([])).toEqual(new Map());
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
        expect(await store.sweeps.getKeepAsk('S1', 'm1')).toBeNull();
        expect(await store.sweeps.recordKeepAsk('S1', ask)).toBe(true);
        // Not sent yet (a crash before the mail): a retry may ask again with a new link.
        expect(await store.sweeps.recordKeepAsk('S1', { ...ask, tokenHash: 'b'.repeat(64) })).toBe(true);
        await store.sweeps.markKeepAskSent('S1', 'm1', T0);
        expect(await store.sweeps.recordKeepAsk('S1', { ...ask, tokenHash: 'c'.repeat(64) })).toBe(false);
        expect(await store.sweeps.getKeepAsk('S1', 'm1')).toEqual({
          ...ask,
          tokenHash: 'b'.repeat(64),
          sentAt: T0,
        });
        expect(await store.sweeps.answerKeepAsk('S1', 'm1', plus(T0, DAY))).toBe(true);
        expect(await store.sweeps.answerKeepAsk('S1', 'm1', plus(T0, 2 * DAY))).toBe(false);
        expect((await store.sweeps.getKeepAsk('S1', 'm1'))?.answeredAt).toBe(plus(T0, DAY));
        await expect(store.sweeps.markKeepAskSent('S1', 'nobody', T0)).rejects.toThrow(/never asked/);
        // Questions live beside the members and never show up as members.
        expect((await store.sweeps.listSweepMembers('S1', {})).items).toEqual([]);
      });

      it('finds the current attempt at a run and action (its outcome once written), or none', async () => {
        expect(await store.audit.findAuditEntry('run-1', 'reclaim-seat|m1')).toBeNull();
        const begun = await store.audit.beginAudit('run-1', 'reclaim-seat|m1', anAuditEntry());
        expect(await store.audit.findAuditEntry('run-1', 'reclaim-seat|m1')).toEqual(begun);
        expect(await store.audit.findAuditEntry('run-2', 'reclaim-seat|m1')).toBeNull();
        const outcome = await store.audit.completeAudit(begun.ref, 'succeeded', 'revoked');
        expect(await store.audit.findAuditEntry('run-1', 'reclaim-seat|m1')).toEqual({
          ref: begun.ref,
          entry: outcome,
        });
      });
    });

    describe('audit', () => {
      const KEY = 'grant-seat|member:m1';
      const results = (entries: Array<{ entry: StoredAuditEntry }>) =>
        entries.map(({ entry }) => [entry.result, entry.attempt]);

      it('appends a begun entry once per attempt and its outcome as a separate entry, never changing one', async () => {
        const a = await store.audit.beginAudit('run-1', KEY, anAuditEntry());
        expect(a.entry).toMatchObject({
          ...anAuditEntry(),
          result: 'begun',
          attempt: 1,
          begunId: null,
          seq: 1,
        });
        const rerun = anAuditEntry({ at: plus(T0, 5 * MINUTE), detail: 'the re-run' });
        expect(await store.audit.beginAudit('run-1', KEY, rerun)).toEqual(a);
        now = new Date(plus(T0, MINUTE));
        const outcome = await store.audit.completeAudit(a.ref, 'succeeded', 'granted');
        expect(outcome).toMatchObject({
          result: 'succeeded',
          detail: 'granted',
          at: now.toISOString(),
          attempt: 1,
          begunId: a.entry.id,
          seq: 2,
          prevHash: a.entry.hash,
        });
        // A re-run after success: the same attempt, no second begun, no second outcome.
        expect(await store.audit.beginAudit('run-1', KEY, anAuditEntry({ at: plus(T0, DAY) }))).toEqual(a);
        expect(await store.audit.completeAudit(a.ref, 'failed', 'late failure')).toEqual(outcome);
        expect(results(await store.audit.runAudit('run-1'))).toEqual([
          ['begun', 1],
          ['succeeded', 1],
        ]);
        expect((await store.audit.listAudit({ since: T0 })).items).toEqual([a.entry, outcome]);
      });

      it('begins attempt 2 after a failed outcome, keeping the failure as written', async () => {
        const first = await store.audit.beginAudit('run-1', KEY, anAuditEntry());
        const failed = await store.audit.completeAudit(
          first.ref,
          'failed',
          'Trello said 503',
          plus(T0, MINUTE),
        );
        const second = await store.audit.beginAudit('run-1', KEY, anAuditEntry({ at: plus(T0, 2 * MINUTE) }));
        expect(second.entry).toMatchObject({ result: 'begun', attempt: 2, at: plus(T0, 2 * MINUTE) });
        expect(second.ref).not.toEqual(first.ref);
        // The failed attempt is over: a late outcome for it writes nothing.
        expect(await store.audit.completeAudit(first.ref, 'succeeded', 'late')).toBeNull();
        const succeeded = await store.audit.completeAudit(
          second.ref,
          'succeeded',
          'granted',
          plus(T0, 3 * MINUTE),
        );
        const entries = await store.audit.runAudit('run-1');
        expect(results(entries)).toEqual([
          ['begun', 1],
          ['failed', 1],
          ['begun', 2],
          ['succeeded', 2],
        ]);
        expect(entries.map((x) => x.entry)).toEqual([first.entry, failed, second.entry, succeeded]);
        expect(entries.map((x) => x.ref)).toEqual([first.ref, first.ref, second.ref, second.ref]);
        expect(await store.audit.verifyAudit({})).toEqual({ ok: true, checked: 4, firstBroken: null });
      });

      it('appends the begun entry, once, when a crash cut off its first append', async () => {
        target.crashBeforeNextAuditAppend();
        await expect(store.audit.beginAudit('run-1', KEY, anAuditEntry())).rejects.toThrow();
        expect(await store.audit.runAudit('run-1')).toEqual([]);
        expect(await store.audit.findAuditEntry('run-1', KEY)).toBeNull();
        const rerun = anAuditEntry({ at: plus(T0, MINUTE), detail: 'the re-run' });
        const again = await store.audit.beginAudit('run-1', KEY, rerun);
        // The attempt was claimed by the first try: it keeps that try's time and detail.
        expect(again.entry).toMatchObject({ at: T0, result: 'begun', detail: anAuditEntry().detail, seq: 1 });
        await store.audit.beginAudit('run-1', KEY, anAuditEntry({ at: plus(T0, 2 * MINUTE) }));
        expect(await store.audit.runAudit('run-1')).toEqual([again]);
        expect((await store.audit.listAudit({ since: T0 })).items).toEqual([again.entry]);
      });

      it('appends a new entry on every call not tied to a run, and its outcome naming it', async () => {
        const entry = anAuditEntry({ runId: null, actor: 'admin:it' });
        const a = await store.audit.beginAudit(null, 'note', entry);
        const b = await store.audit.beginAudit(null, 'note', entry);
        expect(a.entry.id).not.toBe(b.entry.id);
        const outcome = await store.audit.completeAudit(a.ref, 'failed', 'refused');
        expect(outcome).toMatchObject({ result: 'failed', begunId: a.entry.id, actor: 'admin:it', seq: 3 });
        expect((await store.audit.listAudit({ since: T0 })).items.map((e) => e.result)).toEqual([
          'begun',
          'begun',
          'failed',
        ]);
      });

      it("returns a run's entries in time order, and only that run's", async () => {
        await store.audit.beginAudit('run-1', 'b', anAuditEntry({ at: plus(T0, 2 * MINUTE), action: 'b' }));
        await store.audit.beginAudit('run-2', 'a', anAuditEntry({ runId: 'run-2', action: 'other' }));
        await store.audit.beginAudit('run-1', 'a', anAuditEntry({ at: plus(T0, MINUTE), action: 'a' }));
        expect((await store.audit.runAudit('run-1')).map((x) => x.entry.action)).toEqual(['a', 'b']);
        expect(await store.audit.runAudit('run-3')).toEqual([]);
      });

      it('rejects an outcome for an attempt that was never begun', async () => {
        const { ref } = await store.audit.beginAudit('run-1', 'x', anAuditEntry());
        await expect(
          store.audit.completeAudit({ ...ref, change: { runId: 'run-9', actionKey: 'x' } }, 'succeeded', 'd'),
        ).rejects.toThrow(/does not exist/);
        await expect(store.audit.completeAudit({ ...ref, attempt: 2 }, 'succeeded', 'd')).rejects.toThrow(
          /does not exist/,
        );
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
          await store.audit.beginAudit(
            `run-${at}`,
            'x',
            anAuditEntry({ at, runId: `run-${at}`, detail: at }),
          );
        }
        const since = '2026-03-01T12:00:00Z';
        const pages = await allPages(2, (cursor) => store.audit.listAudit({ since, limit: 2, cursor }));
        expect(pages.map((p) => p.map((x) => x.at))).toEqual([
          [times[1], times[3]],
          [times[2], times[4]],
          [times[5]],
        ]);
        const everything = await store.audit.listAudit({ since: '2000-01-01T00:00:00.000Z', limit: 1000 });
        expect(everything.items.map((x) => [x.at, x.seq])).toEqual([
          [times[1], 1],
          [times[0], 2],
          [times[3], 1],
          [times[2], 2],
          [times[4], 1],
          [times[5], 1],
        ]);
        expect(everything.nextCursor).toBeNull();
        expect((await store.audit.listAudit({ since: '2026-04-01T00:00:00.001Z' })).items).toEqual([]);
        expect(await store.audit.verifyAudit({})).toEqual({ ok: true, checked: 6, firstBroken: null });
        expect(await store.audit.verifyAudit({ since: '2026-03-05' })).toEqual({
          ok: true,
          checked: 2,
          firstBroken: null,
        });
      });

      it('rejects a malformed since or cursor', async () => {
        await expect(store.audit.listAudit({ since: 'yesterday' })).rejects.toThrow(/since/);
        await expect(store.audit.listAudit({ since: T0, cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
        await expect(store.audit.verifyAudit({ since: 'yesterday' })).rejects.toThrow(/since/);
      });

      it('chains every entry of a day onto the one before it', async () => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.audit.beginAudit(null, 'note', anAuditEntry({ detail: `${i}` })),
          ),
        );
        const { items } = await store.audit.listAudit({ since: T0, limit: 1000 });
        expect(items.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(items[0]?.prevHash).toBe('0'.repeat(64));
        items.slice(1).forEach((e, i) => {
          expect(e.prevHash).toBe(items[i]?.hash);
        });
        expect(new Set(items.map((e) => e.hash)).size).toBe(20);
        expect(await store.audit.verifyAudit({})).toEqual({ ok: true, checked: 20, firstBroken: null });
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
                    store.audit.beginAudit(
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
              const listed = (await store.audit.listAudit({ since: T0, limit: 1000 })).items
                .filter((e) => e.runId?.startsWith(round))
                .map((e) => `${e.runId}|${e.action}`);
              expect(listed.sort()).toEqual(pairs);
              const perRun = await Promise.all([0, 1, 2].map((n) => store.audit.runAudit(runId(n))));
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
        expect((await store.audit.verifyAudit({})).ok).toBe(true);
      });
    });

    describe('approvals', () => {
      it('never returns the task token with an approval', async () => {
        await store.approvals.putApproval(anApproval('a1'), TOKEN);
        await store.approvals.putApproval(anApproval('a2'), TOKEN);
        const returned = [
          await store.approvals.putApproval(anApproval('a1'), TOKEN),
          await store.approvals.getApproval('a1'),
          await store.approvals.listApprovals({}),
          await store.approvals.listApprovals({ status: 'pending' }),
          await store.approvals.decideApproval('a2', {
            status: 'approved',
            by: 'it@example.com',
            at: T0,
            comment: null,
          }),
          await store.approvals.listApprovals({ status: 'approved' }),
        ];
        expect(JSON.stringify(returned)).not.toContain(TOKEN);
        expect(JSON.stringify(returned)).not.toContain('taskToken');
        expect(await store.approvals.approvalTaskToken('a1')).toBe(TOKEN);
        expect(await store.approvals.approvalTaskToken('missing')).toBeNull();
      });

      it('refreshes only the task token when a pending approval is put again', async () => {
        expect(await store.approvals.putApproval(anApproval('a1'), 'token-1')).toEqual(anApproval('a1'));
        const changed = anApproval('a1', { question: 'changed?', createdAt: plus(T0, 1) });
        expect(await store.approvals.putApproval(changed, 'token-2')).toEqual(anApproval('a1'));
        expect(await store.approvals.approvalTaskToken('a1')).toBe('token-2');
      });

      it('decides an approval once; a second decision names who decided and when', async () => {
        await store.approvals.putApproval(anApproval('a1'), 'token-1');
        const decided = await store.approvals.decideApproval('a1', {
          status: 'approved',
          by: 'it@example.com',
          at: plus(T0, MINUTE),
          comment: 'seats added',
        });
        expect(decided).toEqual({
          ...anApproval('a1'),
          status: 'approved',
          decidedBy: 'it@example.com',
          decidedAt: plus(T0, MINUTE),
          comment: 'seats added',
        });
        const second = store.approvals.decideApproval('a1', {
          status: 'rejected',
          by: 'bo@example.com',
          at: T0,
          comment: null,
        });
        await expect(second).rejects.toThrow(ApprovalNotPendingError);
        await expect(second).rejects.toThrow(`already approved by it@example.com at ${plus(T0, MINUTE)}`);
        expect(await store.approvals.getApproval('a1')).toEqual(decided);
        // A re-run of the workflow neither reopens it nor replaces the token the decider uses.
        expect(await store.approvals.putApproval(anApproval('a1'), 'token-3')).toEqual(decided);
        expect(await store.approvals.approvalTaskToken('a1')).toBe('token-1');
      });

      it('decides concurrently exactly once', async () => {
        await store.approvals.putApproval(anApproval('a1'), TOKEN);
        const results = await Promise.allSettled(
          ['a', 'b', 'c', 'd'].map((who) =>
            store.approvals.decideApproval('a1', {
              status: 'approved',
              by: `${who}@example.com`,
              at: T0,
              comment: null,
            }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ApprovalNotPendingError);
      });

      it('rejects deciding an approval that does not exist', async () => {
        const decision = { status: 'approved', by: 'it@example.com', at: T0, comment: null } as const;
        await expect(store.approvals.decideApproval('missing', decision)).rejects.toThrow(
          ApprovalNotPendingError,
        );
        await expect(store.approvals.decideApproval('missing', decision)).rejects.toThrow(/does not exist/);
        expect(await store.approvals.getApproval('missing')).toBeNull();
      });

      it('treats a pending approval past its expiry as expired: not listed pending, not decidable', async () => {
        await store.approvals.putApproval(anApproval('a1', { expiresAt: plus(T0, MINUTE) }), TOKEN);
        await store.approvals.putApproval(anApproval('a2', { expiresAt: plus(T0, DAY) }), TOKEN);
        expect((await store.approvals.listApprovals({ status: 'pending' })).items.map((a) => a.id)).toEqual([
          'a2',
          'a1',
        ]);

        now = new Date(plus(T0, 2 * MINUTE));
        expect(await store.approvals.getApproval('a1')).toMatchObject({ status: 'expired', decidedBy: null });
        expect((await store.approvals.listApprovals({ status: 'pending' })).items.map((a) => a.id)).toEqual([
          'a2',
        ]);
        expect((await store.approvals.listApprovals({ status: 'expired' })).items.map((a) => a.id)).toEqual([
          'a1',
        ]);
        const late = store.approvals.decideApproval('a1', {
          status: 'approved',
          by: 'it@example.com',
          at: now.toISOString(),
          comment: null,
        });
        await expect(late).rejects.toThrow(ApprovalNotPendingError);
        await expect(late).rejects.toThrow(/expired/);
      });

      it('closes an approval as expired even past its expiry (the timeout path)', async () => {
        await store.approvals.putApproval(anApproval('a1', { expiresAt: plus(T0, MINUTE) }), TOKEN);
        now = new Date(plus(T0, 2 * MINUTE));
        const closed = await store.approvals.decideApproval('a1', {
          status: 'expired',
          by: 'lanyard',
          at: now.toISOString(),
          comment: 'nobody decided in time',
        });
        expect(closed).toMatchObject({ status: 'expired', decidedBy: 'lanyard' });
        expect((await store.approvals.listApprovals({ status: 'expired' })).items).toEqual([closed]);
        await expect(
          store.approvals.decideApproval('a1', {
            status: 'approved',
            by: 'it@example.com',
            at: T0,
            comment: null,
          }),
        ).rejects.toThrow(/already expired by lanyard/);
      });

      it('lists approvals newest first, by status, in pages', async () => {
        for (const i of [0, 1, 2, 3, 4]) {
          await store.approvals.putApproval(anApproval(`a${i}`, { createdAt: plus(T0, i * MINUTE) }), TOKEN);
        }
        await store.approvals.decideApproval('a3', {
          status: 'rejected',
          by: 'it@example.com',
          at: T0,
          comment: null,
        });
        const pending = await allPages(2, (cursor) =>
          store.approvals.listApprovals({ status: 'pending', limit: 2, cursor }),
        );
        expect(approvalIds(pending)).toEqual([
          ['a4', 'a2'],
          ['a1', 'a0'],
        ]);
        const all = await allPages(3, (cursor) => store.approvals.listApprovals({ limit: 3, cursor }));
        expect(approvalIds(all)).toEqual([
          ['a4', 'a3', 'a2'],
          ['a1', 'a0'],
        ]);
        expect((await store.approvals.listApprovals({ status: 'rejected' })).items.map((a) => a.id)).toEqual([
          'a3',
        ]);
      });
    });
  });
}

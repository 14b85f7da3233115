import { describe, expect, it } from 'vitest';
import type {
  HrExportRow,
  ReconciliationFinding,
  ReconciliationRecord,
} from '../../../functions/ports/records/reconciliations.ts';
import { allPages, type MakeRecords, recordsUnderTest, T0 } from './records-under-test.ts';

const aReconciliation = (id: string): ReconciliationRecord => ({
  reconciliationId: id,
  mode: 'report',
  requestedBy: 'admin:it',
  status: 'reading',
  startedAt: T0,
  finishedAt: null,
  seatsBefore: 40,
  hrExportRows: null,
});

const aFinding = (
  subject: string,
  overrides: Partial<ReconciliationFinding> = {},
): ReconciliationFinding => ({
  findingId: `leaver-in-trello:${subject}`,
  kind: 'leaver-in-trello',
  employeeId: subject,
  memberId: `tm-${subject}`,
  email: `${subject.toLowerCase()}@example.com`,
  fullName: null,
  evidence: { lanyardSays: 'offboarded', trelloSays: 'licensed', idpSays: null, hrSays: null, readAt: T0 },
  fix: 'offboard',
  state: 'open',
  result: null,
  ...overrides,
});

export function reconciliationsContract(name: string, make: MakeRecords): void {
  describe(`Reconciliations contract: ${name}`, () => {
    const env = recordsUnderTest(make);

    it('creates a reconciliation once and changes only what it is told', async () => {
      const { reconciliations } = env.records;
      expect(await reconciliations.createReconciliation(aReconciliation('R1'))).toEqual({
        created: true,
        reconciliation: aReconciliation('R1'),
      });
      const again = await reconciliations.createReconciliation({ ...aReconciliation('R1'), mode: 'auto' });
      expect(again).toEqual({ created: false, reconciliation: aReconciliation('R1') });
      const finished = await reconciliations.updateReconciliation('R1', {
        status: 'finished',
        finishedAt: T0,
      });
      expect(finished).toEqual({ ...aReconciliation('R1'), status: 'finished', finishedAt: T0 });
      expect(await reconciliations.getReconciliation('R1')).toEqual(finished);
      expect(await reconciliations.getReconciliation('R9')).toBeNull();
      await expect(reconciliations.updateReconciliation('R9', { status: 'failed' })).rejects.toThrow(
        /does not exist/,
      );
    });

    it('records findings once each, moves them only from the states named, and lists them by state in pages', async () => {
      const { reconciliations } = env.records;
      await reconciliations.addFindings('R1', [aFinding('E1'), aFinding('E2'), aFinding('E3')], 'page-1');
      const moved = await reconciliations.setFindingState(
        'R1',
        'leaver-in-trello:E2',
        { state: 'fixed', result: 'offboarding started' },
        ['open'],
      );
      expect(moved).toBe(true);
      // Found again by a re-read: the evidence and the fix already applied stay as they are.
      await reconciliations.addFindings(
        'R1',
        [aFinding('E2', { evidence: { ...aFinding('E2').evidence, trelloSays: 'changed' } })],
        'page-2',
      );
      const again = await reconciliations.setFindingState(
        'R1',
        'leaver-in-trello:E2',
        { state: 'dropped', result: 'kept' },
        ['open'],
      );
      expect(again).toBe(false);
      expect(
        await reconciliations.setFindingState('R1', 'nobody', { state: 'fixed', result: 'x' }, ['open']),
      ).toBe(false);
      const all = await allPages(2, (cursor) => reconciliations.listFindings('R1', { limit: 2, cursor }));
      expect(all.flat().map((f) => [f.findingId, f.state])).toEqual([
        ['leaver-in-trello:E1', 'open'],
        ['leaver-in-trello:E2', 'fixed'],
        ['leaver-in-trello:E3', 'open'],
      ]);
      expect(all.flat()[1]).toEqual(aFinding('E2', { state: 'fixed', result: 'offboarding started' }));
      const open = await reconciliations.listFindings('R1', { state: 'open' });
      expect(open.items.map((f) => f.employeeId)).toEqual(['E1', 'E3']);
      expect((await reconciliations.listFindings('R2', {})).items).toEqual([]);
    });

    it('counts each finding once by kind and state: a retried page, a finding found again, every move', async () => {
      const { reconciliations } = env.records;
      const unknown = (subject: string) =>
        aFinding(subject, {
          findingId: `unknown-licensed:${subject}`,
          kind: 'unknown-licensed',
          fix: 'reclaim',
        });
      const reported = aFinding('E9', {
        findingId: 'deactivated-can-sign-in:E9',
        kind: 'deactivated-can-sign-in',
        fix: 'none',
        state: 'no-fix',
      });
      await reconciliations.addFindings('R1', [aFinding('E1'), aFinding('E2'), reported], 'licensed:a');
      // The same page tried again after its write landed, then another page finding E2 again.
      await reconciliations.addFindings('R1', [aFinding('E1'), aFinding('E2'), reported], 'licensed:a');
      await reconciliations.addFindings('R1', [aFinding('E2'), unknown('M1'), unknown('M2')], 'licensed:b');
      await reconciliations.addFindings('R1', [], 'licensed:c');
      await reconciliations.setFindingState('R1', 'leaver-in-trello:E1', { state: 'fixed', result: 'run' }, [
        'open',
      ]);
      await reconciliations.setFindingState(
        'R1',
        'unknown-licensed:M1',
        { state: 'dropped', result: 'kept' },
        ['open'],
      );
      // A move tried again finds it moved already: counted once.
      await reconciliations.setFindingState('R1', 'leaver-in-trello:E1', { state: 'fixed', result: 'run' }, [
        'open',
      ]);
      expect(await reconciliations.countFindings('R1')).toEqual({
        byKind: {
          'leaver-in-trello': 2,
          'leaver-can-sign-in': 0,
          'deactivated-can-sign-in': 1,
          'hire-not-provisioned': 0,
          'unknown-licensed': 2,
          'deactivated-holding-seat': 0,
        },
        byState: { open: 2, 'no-fix': 1, dropped: 1, fixed: 1, failed: 0 },
      });
      expect((await reconciliations.countFindings('R2')).byState).toEqual({
        open: 0,
        'no-fix': 0,
        dropped: 0,
        fixed: 0,
        failed: 0,
      });
    });

    it('notes the people seen on Trello once each, keyed by employee id', async () => {
      const { reconciliations } = env.records;
      await reconciliations.addSightings('R1', [
        { employeeId: 'E1', memberId: 'tm1', licensed: true, deactivated: false },
      ]);
      await reconciliations.addSightings('R1', [
        { employeeId: 'E1', memberId: 'tm1', licensed: false, deactivated: true },
        { employeeId: 'E2', memberId: 'tm2', licensed: false, deactivated: false },
      ]);
      const seen = await reconciliations.getSightings('R1', ['E1', 'E2', 'E3']);
      expect([...seen.entries()].sort(([a], [b]) => a.localeCompare(b))).toEqual([
        ['E1', { employeeId: 'E1', memberId: 'tm1', licensed: true, deactivated: false }],
        ['E2', { employeeId: 'E2', memberId: 'tm2', licensed: false, deactivated: false }],
      ]);
      expect((await reconciliations.getSightings('R2', ['E1'])).size).toBe(0);
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
      await env.records.reconciliations.putHrExport('R1', rows);
      await env.records.reconciliations.putHrExport('R2', [hrRow(9)]);
      // Rows of the same partition the listing must not wander into.
      await env.records.reconciliations.addHrSightings('R1', [
        { email: 'p01@example.com', memberId: 'tm1', licensed: true, deactivated: false },
      ]);
      await env.records.reconciliations.addSightings('R1', [
        { employeeId: 'E1', memberId: 'tm1', licensed: true, deactivated: false },
      ]);

      const pages = await allPages(2, (cursor) =>
        env.records.reconciliations.listHrExport('R1', { limit: 2, cursor }),
      );
      expect(pages.map((page) => page.map((r) => r.employeeId))).toEqual([
        ['E0', 'E1'],
        ['E2', 'E3'],
        ['E4'],
      ]);
      expect(pages.flat()).toEqual(rows);

      const got = await env.records.reconciliations.getHrExportRows('R1', [
        'p03@example.com',
        'p09@example.com',
        'nobody@example.com',
      ]);
      expect([...got.entries()]).toEqual([['p03@example.com', hrRow(3)]]);
      await env.records.reconciliations.addHrSightings('R1', [
        { email: 'p01@example.com', memberId: 'tm1', licensed: false, deactivated: true },
      ]);
      const seen = await env.records.reconciliations.getHrSightings('R1', [
        'p01@example.com',
        'p02@example.com',
      ]);
      expect([...seen.values()]).toEqual([
        { email: 'p01@example.com', memberId: 'tm1', licensed: true, deactivated: false },
      ]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { HrExportRow } from '../../../functions/ports/records/reconciliations.ts';
import { allPages, type MakeRecords, recordsUnderTest } from './records-under-test.ts';

export function reconciliationsContract(name: string, make: MakeRecords): void {
  describe(`Reconciliations contract: ${name}`, () => {
    const env = recordsUnderTest(make);
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

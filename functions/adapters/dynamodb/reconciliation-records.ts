/**
 * Drift reconciliations (`RECON#<id>` / `RECON`, `FINDING#<kind>:<subject>`, `SEEN#<employeeId>`,
 * and with an HR export `HRROW#<email>`, `HRSEEN#<email>`).
 * Findings are evidence: written once by the reading steps, then only their state moves (a fix
 * applied, a finding dropped) by conditional writes; the evidence is never rewritten.
 */
import pLimit from 'p-limit';
import * as z from 'zod';
import { HrEmploymentStatuses } from '../../core/model/hr-employment-statuses.ts';
import {
  FindingFixes,
  FindingKinds,
  FindingStates,
  ReconciliationModes,
  ReconciliationStatuses,
} from '../../core/model/reconciliation-vocabulary.ts';
import type { Page } from '../../ports/records/page.ts';
import type {
  HrExportRow,
  HrSighting,
  ReconciliationFinding,
  ReconciliationRecord,
  ReconciliationSighting,
  Reconciliations,
} from '../../ports/records/reconciliations.ts';
import {
  addRowsOnce,
  createHead,
  getItem,
  getRows,
  listRows,
  setRowState,
  updateFields,
} from './batch-rows.ts';
import { HR_ROW_PREFIX, Keys } from './keys.ts';
import { parseItem } from './record-schemas.ts';
import type { RecordTable } from './record-table.ts';

const ReconciliationItem = z.object({
  reconciliationId: z.string(),
  mode: z.enum(ReconciliationModes),
  requestedBy: z.string(),
  status: z.enum(ReconciliationStatuses),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  seatsBefore: z.number().nullable(),
  // Absent on reconciliations recorded before HR exports were taken.
  hrExportRows: z.number().int().nullable().default(null),
});

const FindingItem = z.object({
  findingId: z.string(),
  kind: z.enum(FindingKinds),
  employeeId: z.string().nullable(),
  memberId: z.string().nullable(),
  email: z.string().nullable(),
  fullName: z.string().nullable(),
  evidence: z.object({
    lanyardSays: z.string().nullable(),
    trelloSays: z.string().nullable(),
    idpSays: z.string().nullable(),
    // Absent on findings recorded before HR exports were taken.
    hrSays: z.string().nullable().default(null),
    readAt: z.string(),
  }),
  fix: z.enum(FindingFixes),
  state: z.enum(FindingStates),
  result: z.string().nullable(),
});

const SightingItem = z.object({
  employeeId: z.string(),
  memberId: z.string(),
  licensed: z.boolean(),
  deactivated: z.boolean(),
});

const HrExportRowItem = z.object({
  line: z.number().int(),
  employeeId: z.string(),
  email: z.string(),
  fullName: z.string().nullable(),
  department: z.string().nullable(),
  status: z.enum(HrEmploymentStatuses),
  terminationDate: z.string().nullable(),
  hireDate: z.string().nullable(),
});

const HrSightingItem = z.object({
  email: z.string(),
  memberId: z.string(),
  licensed: z.boolean(),
  deactivated: z.boolean(),
});

/** Writes of an export in flight at once: 20,000 rows are about 600 rounds of ~10 ms on DynamoDB. */
const HR_EXPORT_WRITERS = 32;

export class ReconciliationRecords implements Reconciliations {
  constructor(private readonly table: RecordTable) {}

  async createReconciliation(
    reconciliation: ReconciliationRecord,
  ): Promise<{ created: boolean; reconciliation: ReconciliationRecord }> {
    const { created, stored } = await createHead(
      this.table,
      Keys.reconciliation(reconciliation.reconciliationId),
      ReconciliationItem,
      reconciliation,
      `Reconciliation ${reconciliation.reconciliationId}`,
    );
    return { created, reconciliation: stored };
  }

  getReconciliation(id: string): Promise<ReconciliationRecord | null> {
    return getItem(this.table, Keys.reconciliation(id), ReconciliationItem);
  }

  updateReconciliation(id: string, change: Partial<ReconciliationRecord>): Promise<ReconciliationRecord> {
    return updateFields(
      this.table,
      Keys.reconciliation(id),
      ReconciliationItem,
      change,
      `Reconciliation ${id}`,
    );
  }

  addFindings(id: string, findings: ReconciliationFinding[]): Promise<void> {
    return addRowsOnce(
      this.table,
      findings.map((row) => ({ key: Keys.finding(id, row.findingId), row })),
      FindingItem,
    );
  }

  setFindingState(
    id: string,
    findingId: string,
    change: { state: ReconciliationFinding['state']; result: string },
    from: readonly ReconciliationFinding['state'][],
  ): Promise<boolean> {
    return setRowState(
      this.table,
      Keys.finding(id, findingId),
      { state: change.state, field: 'result', text: change.result },
      from,
    );
  }

  listFindings(
    id: string,
    filter: { state?: ReconciliationFinding['state']; limit?: number; cursor?: string | null },
  ): Promise<Page<ReconciliationFinding>> {
    return listRows(
      this.table,
      { listing: `findings:${id}`, pk: Keys.reconciliation(id).pk, prefix: 'FINDING#', state: filter.state },
      filter,
      FindingItem,
    );
  }

  addSightings(id: string, sightings: ReconciliationSighting[]): Promise<void> {
    return addRowsOnce(
      this.table,
      sightings.map((row) => ({ key: Keys.sighting(id, row.employeeId), row })),
      SightingItem,
    );
  }

  async getSightings(
    id: string,
    employeeIds: readonly string[],
  ): Promise<Map<string, ReconciliationSighting>> {
    const rows = await getRows(
      this.table,
      employeeIds.map((e) => Keys.sighting(id, e)),
      SightingItem,
    );
    return new Map(rows.map((s) => [s.employeeId, s]));
  }

  /**
   * Unconditional single puts, a few dozen at once: the export is written by the admin request
   * that starts the reconciliation, before its execution exists, so nothing else writes these
   * rows (single puts because the admin function is not granted BatchWriteItem: it writes one
   * item at a time everywhere else).
   */
  async putHrExport(id: string, rows: readonly HrExportRow[]): Promise<void> {
    const limit = pLimit(HR_EXPORT_WRITERS);
    await Promise.all(
      rows.map((row) => {
        const key = Keys.hrExportRow(id, row.email);
        return limit(() => this.table.put({ ...key, ...parseItem(HrExportRowItem, row, key) }));
      }),
    );
  }

  listHrExport(id: string, filter: { limit?: number; cursor?: string | null }): Promise<Page<HrExportRow>> {
    return listRows(
      this.table,
      { listing: `hr-export:${id}`, pk: Keys.reconciliation(id).pk, prefix: HR_ROW_PREFIX },
      filter,
      HrExportRowItem,
    );
  }

  async getHrExportRows(id: string, emails: readonly string[]): Promise<Map<string, HrExportRow>> {
    const rows = await getRows(
      this.table,
      emails.map((email) => Keys.hrExportRow(id, email)),
      HrExportRowItem,
    );
    return new Map(rows.map((row) => [row.email, row]));
  }

  addHrSightings(id: string, sightings: HrSighting[]): Promise<void> {
    return addRowsOnce(
      this.table,
      sightings.map((row) => ({ key: Keys.hrSighting(id, row.email), row })),
      HrSightingItem,
    );
  }

  async getHrSightings(id: string, emails: readonly string[]): Promise<Map<string, HrSighting>> {
    const rows = await getRows(
      this.table,
      emails.map((email) => Keys.hrSighting(id, email)),
      HrSightingItem,
    );
    return new Map(rows.map((s) => [s.email, s]));
  }
}

/**
 * Drift reconciliations (`RECON#<id>` / `RECON`, `FINDING#<kind>:<subject>`, `SEEN#<employeeId>`).
 * Findings are evidence: written once by the reading steps, then only their state moves (a fix
 * applied, a finding dropped) by conditional writes; the evidence is never rewritten.
 */
import * as z from 'zod';
import {
  FindingFixes,
  FindingKinds,
  FindingStates,
  type Page,
  type ReconciliationFinding,
  ReconciliationModes,
  type ReconciliationRecord,
  type ReconciliationSighting,
  ReconciliationStatuses,
} from '../../ports/record-store.ts';
import {
  addRowsOnce,
  createHead,
  getItem,
  getRows,
  listRows,
  setRowState,
  updateFields,
} from './batch-rows.ts';
import { Keys } from './keys.ts';
import type { RecordTable } from './record-table.ts';

const ReconciliationItem = z.object({
  reconciliationId: z.string(),
  mode: z.enum(ReconciliationModes),
  requestedBy: z.string(),
  status: z.enum(ReconciliationStatuses),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  seatsBefore: z.number().nullable(),
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

export class ReconciliationRecords {
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
}

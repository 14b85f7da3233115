/** Reconciliations in memory: each one, its findings (written once), sightings and HR export. */
import { type FindingState, noFindings } from '../../../functions/core/model/reconciliation-vocabulary.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import type {
  FindingCounts,
  HrExportRow,
  HrSighting,
  ReconciliationFinding,
  ReconciliationRecord,
  ReconciliationSighting,
  Reconciliations,
} from '../../../functions/ports/records/reconciliations.ts';
import { copy, pageOf } from './memory-pages.ts';
import { RowsOnce } from './rows-once.ts';

export class InMemoryReconciliations implements Reconciliations {
  private readonly reconciliations = new Map<string, ReconciliationRecord>();
  private readonly findings = new RowsOnce<ReconciliationFinding>();
  private readonly sightings = new RowsOnce<ReconciliationSighting>();
  private readonly hrSightings = new RowsOnce<HrSighting>();
  /** The export is replaced row by row (a put, not an add once): it is stored before the run reads it. */
  private readonly hrExports = new Map<string, Map<string, HrExportRow>>();

  async createReconciliation(
    reconciliation: ReconciliationRecord,
  ): Promise<{ created: boolean; reconciliation: ReconciliationRecord }> {
    const existing = this.reconciliations.get(reconciliation.reconciliationId);
    if (existing) return { created: false, reconciliation: copy(existing) };
    this.reconciliations.set(reconciliation.reconciliationId, copy(reconciliation));
    return { created: true, reconciliation: copy(reconciliation) };
  }

  async getReconciliation(reconciliationId: string): Promise<ReconciliationRecord | null> {
    const found = this.reconciliations.get(reconciliationId);
    return found === undefined ? null : copy(found);
  }

  async updateReconciliation(
    reconciliationId: string,
    change: Partial<Pick<ReconciliationRecord, 'status' | 'finishedAt'>>,
  ): Promise<ReconciliationRecord> {
    const found = this.reconciliations.get(reconciliationId);
    if (found === undefined) throw new Error(`Reconciliation ${reconciliationId} does not exist`);
    for (const [field, value] of Object.entries(change))
      if (value !== undefined) Object.assign(found, { [field]: value });
    return copy(found);
  }

  /** The batch is the DynamoDB adapter's way to count each finding once; here every finding is at hand. */
  async addFindings(
    reconciliationId: string,
    findings: ReconciliationFinding[],
    _batch: string,
  ): Promise<void> {
    this.findings.add(reconciliationId, findings, (f) => f.findingId);
  }

  async countFindings(reconciliationId: string): Promise<FindingCounts> {
    const counts = noFindings();
    for (const finding of this.findings.list(reconciliationId)) {
      counts.byKind[finding.kind] += 1;
      counts.byState[finding.state] += 1;
    }
    return counts;
  }

  async setFindingState(
    reconciliationId: string,
    findingId: string,
    change: { state: FindingState; result: string },
    from: readonly FindingState[],
  ): Promise<boolean> {
    return this.findings.move(reconciliationId, findingId, from, (f) => Object.assign(f, change));
  }

  async listFindings(
    reconciliationId: string,
    filter: { state?: FindingState; limit?: number; cursor?: string | null },
  ): Promise<Page<ReconciliationFinding>> {
    const rows = this.findings
      .list(reconciliationId)
      .filter((f) => filter.state === undefined || f.state === filter.state);
    return pageOf(`findings:${reconciliationId}:${filter.state ?? 'all'}`, rows, (f) => f.findingId, filter);
  }

  async addSightings(reconciliationId: string, sightings: ReconciliationSighting[]): Promise<void> {
    this.sightings.add(reconciliationId, sightings, (s) => s.employeeId);
  }

  async getSightings(
    reconciliationId: string,
    employeeIds: readonly string[],
  ): Promise<Map<string, ReconciliationSighting>> {
    return this.sightings.get(reconciliationId, employeeIds);
  }

  async putHrExport(reconciliationId: string, rows: readonly HrExportRow[]): Promise<void> {
    const stored = this.hrExports.get(reconciliationId) ?? new Map<string, HrExportRow>();
    this.hrExports.set(reconciliationId, stored);
    for (const row of rows) stored.set(row.email, copy(row));
  }

  async listHrExport(
    reconciliationId: string,
    filter: { limit?: number; cursor?: string | null },
  ): Promise<Page<HrExportRow>> {
    const rows = [...(this.hrExports.get(reconciliationId)?.values() ?? [])]
      .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0))
      .map(copy);
    return pageOf(`hr-export:${reconciliationId}`, rows, (r) => r.email, filter);
  }

  async getHrExportRows(
    reconciliationId: string,
    emails: readonly string[],
  ): Promise<Map<string, HrExportRow>> {
    const found = new Map<string, HrExportRow>();
    for (const email of emails) {
      const row = this.hrExports.get(reconciliationId)?.get(email);
      if (row) found.set(email, copy(row));
    }
    return found;
  }

  async addHrSightings(reconciliationId: string, sightings: HrSighting[]): Promise<void> {
    this.hrSightings.add(reconciliationId, sightings, (s) => s.email);
  }

  async getHrSightings(
    reconciliationId: string,
    emails: readonly string[],
  ): Promise<Map<string, HrSighting>> {
    return this.hrSightings.get(reconciliationId, emails);
  }
}

/**
 * Drift reconciliations (`RECON#<id>` / `RECON`, `FINDING#<kind>:<subject>`, `SEEN#<employeeId>`,
 * and with an HR export `HRROW#<email>`, `HRSEEN#<email>`).
 * Findings are evidence: written once by the reading steps, then only their state moves (a fix
 * applied, a finding dropped) by conditional writes; the evidence is never rewritten.
 *
 * Their counts (what admins see, and Finish Reconciliation's summary) are kept as they are written,
 * so counting never reads every finding back (at 100k members that read was 14–18 s of the run,
 * npm run bench -- reconcile). No transactions (dynalite has none, DESIGN.md), so no atomic ADD
 * either: an ADD after the findings' write counts twice when the page is retried after the write
 * landed, and an ADD before it counts what never landed. Instead every count is a put whose value
 * a retry computes again the same:
 * - each finding stores the batch (the page) that first wrote it; the page's `FCOUNT#<batch>` item
 *   holds the counts of the findings it owns: those it writes now and those an earlier try of the
 *   same page wrote (a finding another page wrote first is that page's). A retried page puts the
 *   same item again, in the same batch write as its findings; a page that finds a finding again
 *   (from the other side) does not count it.
 * - a finding that leaves the state it was found in has an `FMOVED#<findingId>` item naming its
 *   state now, put after each move; a move whose marker a crash cut off is repaired by the next
 *   call that finds the finding already moved (setFindingState answers false and puts it).
 * Counting reads the count items (one per page that found something, about a thousand at 100k)
 * and the move markers (one per fix applied or dropped). What a retry cannot recount: a finding an
 * earlier try of the page wrote and the retry no longer finds (Trello or the IdP changed in
 * between) stays written but uncounted; the listing still shows it.
 */
import pLimit from 'p-limit';
import * as z from 'zod';
import {
  FindingEvidence,
  HrExportRow,
  HrSighting,
  ReconciliationFinding,
  ReconciliationRecord,
  ReconciliationSighting,
} from '../../contracts/records/reconciliations.ts';
import {
  type FindingKind,
  FindingKinds,
  type FindingState,
  FindingStates,
  noFindings,
} from '../../core/model/reconciliation-vocabulary.ts';
import type { Page } from '../../ports/records/page.ts';
import type { FindingCounts, Reconciliations } from '../../ports/records/reconciliations.ts';
import {
  addRowsOnce,
  createHead,
  getItem,
  getRows,
  listRows,
  moveRowState,
  updateFields,
} from './batch-rows.ts';
import { FINDING_COUNT_PREFIX, FINDING_MOVE_PREFIX, HR_ROW_PREFIX, Keys } from './keys.ts';
import { parseItem } from './record-schemas.ts';
import { type Item, keyOf, type RecordTable } from './record-table.ts';

// Absent on reconciliations and findings recorded before HR exports were taken.
const ReconciliationItem = ReconciliationRecord.extend({
  hrExportRows: ReconciliationRecord.shape.hrExportRows.default(null),
});
const FindingItem = ReconciliationFinding.extend({
  evidence: FindingEvidence.extend({ hrSays: FindingEvidence.shape.hrSays.default(null) }),
});

/** What the finding item keeps beside the finding: the page that wrote it first, the state it was found in. */
const FindingOrigin = z.object({
  batch: z.string().optional(),
  born: z.enum(FindingStates).optional(),
});

/** The findings one page wrote first (`FCOUNT#<batch>`); zero counts are left out. */
const FindingCountItem = z.object({
  byKind: z.partialRecord(z.enum(FindingKinds), z.number().int()),
  byState: z.partialRecord(z.enum(FindingStates), z.number().int()),
});

/** A finding moved from the state it was found in (`FMOVED#<findingId>`). */
const FindingMoveItem = z.object({
  kind: z.enum(FindingKinds),
  born: z.enum(FindingStates),
  state: z.enum(FindingStates),
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

  async addFindings(id: string, findings: ReconciliationFinding[], batch: string): Promise<void> {
    const rows = [...new Map(findings.map((f) => [f.findingId, f])).values()];
    if (rows.length === 0) return;
    const stored = new Map(
      (await this.table.batchGet(rows.map((f) => Keys.finding(id, f.findingId)))).map((item) => [
        keyOf(item).sk,
        parseItem(FindingOrigin, item, keyOf(item)),
      ]),
    );
    const counts = noFindings();
    let owned = 0;
    const fresh = [];
    for (const finding of rows) {
      const key = Keys.finding(id, finding.findingId);
      const origin = stored.get(key.sk);
      if (origin === undefined) {
        const item = parseItem(FindingItem, finding, key);
        fresh.push({ ...key, ...item, batch, born: item.state });
      } else if (origin.batch !== batch) continue; // another page's (or written before counts were kept)
      counts.byKind[finding.kind] += 1;
      counts.byState[origin?.born ?? finding.state] += 1;
      owned += 1;
    }
    // Only the reading steps write findings, one page after another, and states move only after
    // they end: nothing can write these items between the read above and this write.
    await this.table.batchPut([
      ...fresh,
      ...(owned === 0 ? [] : [{ ...Keys.findingCount(id, batch), ...nonZero(counts) }]),
    ]);
  }

  async setFindingState(
    id: string,
    findingId: string,
    change: { state: ReconciliationFinding['state']; result: string },
    from: readonly ReconciliationFinding['state'][],
  ): Promise<boolean> {
    const key = Keys.finding(id, findingId);
    const updated = await moveRowState(
      this.table,
      key,
      { state: change.state, field: 'result', text: change.result },
      from,
    );
    // Not moved (elsewhere already, or absent): its marker is put again from what is stored, in
    // case a crash came between an earlier move and its marker.
    const now = updated ?? (await this.table.get(key));
    if (now !== null) await this.markMove(id, findingId, now);
    return updated !== null;
  }

  /** Puts (or, back in the state it was found in, leaves out) the finding's move marker. */
  private async markMove(id: string, findingId: string, item: Item): Promise<void> {
    const finding = parseItem(FindingItem, item, Keys.finding(id, findingId));
    const { born } = parseItem(FindingOrigin, item, Keys.finding(id, findingId));
    // Findings written before counts were kept have no origin; they are counted by reading them.
    if (born === undefined || born === finding.state) return;
    const key = Keys.findingMove(id, findingId);
    await this.table.put({
      ...key,
      ...parseItem(FindingMoveItem, { kind: finding.kind, born, state: finding.state }, key),
    });
  }

  /**
   * The count items and the move markers, summed. A reconciliation with findings but no count
   * item was read before counts were kept: its findings are counted one by one instead.
   */
  async countFindings(id: string): Promise<FindingCounts> {
    const { pk } = Keys.reconciliation(id);
    const counts = noFindings();
    let batches = 0;
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': FINDING_COUNT_PREFIX },
    })) {
      const batch = parseItem(FindingCountItem, item, keyOf(item));
      batches += 1;
      for (const [kind, n] of Object.entries(batch.byKind)) counts.byKind[kind as FindingKind] += n;
      for (const [state, n] of Object.entries(batch.byState)) counts.byState[state as FindingState] += n;
    }
    if (batches === 0) return this.countEveryFinding(id);
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': FINDING_MOVE_PREFIX },
    })) {
      const move = parseItem(FindingMoveItem, item, keyOf(item));
      counts.byState[move.born] -= 1;
      counts.byState[move.state] += 1;
    }
    return counts;
  }

  private async countEveryFinding(id: string): Promise<FindingCounts> {
    const counts = noFindings();
    let cursor: string | null = null;
    do {
      const page = await this.listFindings(id, { limit: 1000, cursor });
      for (const finding of page.items) {
        counts.byKind[finding.kind] += 1;
        counts.byState[finding.state] += 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return counts;
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
      ReconciliationSighting,
    );
  }

  async getSightings(
    id: string,
    employeeIds: readonly string[],
  ): Promise<Map<string, ReconciliationSighting>> {
    const rows = await getRows(
      this.table,
      employeeIds.map((e) => Keys.sighting(id, e)),
      ReconciliationSighting,
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
        return limit(() => this.table.put({ ...key, ...parseItem(HrExportRow, row, key) }));
      }),
    );
  }

  listHrExport(id: string, filter: { limit?: number; cursor?: string | null }): Promise<Page<HrExportRow>> {
    return listRows(
      this.table,
      { listing: `hr-export:${id}`, pk: Keys.reconciliation(id).pk, prefix: HR_ROW_PREFIX },
      filter,
      HrExportRow,
    );
  }

  async getHrExportRows(id: string, emails: readonly string[]): Promise<Map<string, HrExportRow>> {
    const rows = await getRows(
      this.table,
      emails.map((email) => Keys.hrExportRow(id, email)),
      HrExportRow,
    );
    return new Map(rows.map((row) => [row.email, row]));
  }

  addHrSightings(id: string, sightings: HrSighting[]): Promise<void> {
    return addRowsOnce(
      this.table,
      sightings.map((row) => ({ key: Keys.hrSighting(id, row.email), row })),
      HrSighting,
    );
  }

  async getHrSightings(id: string, emails: readonly string[]): Promise<Map<string, HrSighting>> {
    const rows = await getRows(
      this.table,
      emails.map((email) => Keys.hrSighting(id, email)),
      HrSighting,
    );
    return new Map(rows.map((s) => [s.email, s]));
  }
}

function nonZero(counts: FindingCounts): z.infer<typeof FindingCountItem> {
  const kept = (record: Record<string, number>) =>
    Object.fromEntries(Object.entries(record).filter(([, n]) => n > 0));
  return { byKind: kept(counts.byKind), byState: kept(counts.byState) };
}

/**
 * "Newest first" listings over gsi1, where each status is one partition (`RUNSTATUS#succeeded`,
 * `APPROVALSTATUS#pending`…) sorted by `<time>#<id>`. A listing of several statuses queries each
 * partition below the cursor and merges them: every item of the page is among the first
 * `size + 1` of its own partition, so reading that many per partition is enough, and no scan is
 * ever needed.
 */
import { RECORD_TABLE_KEYS } from './keys.ts';
import { type Item, type RecordTable, take } from './record-table.ts';

export interface StatusPartition {
  gsi1pk: string;
  /** Narrows the partition (e.g. pending approvals not yet past their expiry). */
  filter?: { expression: string; names?: Record<string, string>; values: Record<string, unknown> };
}

export interface StatusPage {
  items: Item[];
  /** The gsi1sk to resume below, or null when nothing is left. */
  resumeAfter: string | null;
}

export async function listNewestFirst(
  table: RecordTable,
  partitions: StatusPartition[],
  after: string | null,
  size: number,
): Promise<StatusPage> {
  const perPartition = await Promise.all(
    partitions.map((partition) => take(queryPartition(table, partition, after, size + 1), size + 1)),
  );
  const merged = perPartition.flat().sort((a, b) => compareDesc(sortValue(a), sortValue(b)));
  const items = merged.slice(0, size);
  const last = items.at(-1);
  return { items, resumeAfter: merged.length > size && last ? sortValue(last) : null };
}

function queryPartition(
  table: RecordTable,
  partition: StatusPartition,
  after: string | null,
  batch: number,
): AsyncGenerator<Item> {
  const { gsi1 } = RECORD_TABLE_KEYS;
  return table.query({
    IndexName: gsi1.name,
    KeyConditionExpression: after === null ? '#gpk = :gpk' : '#gpk = :gpk AND #gsk < :after',
    FilterExpression: partition.filter?.expression,
    ExpressionAttributeNames: {
      '#gpk': gsi1.partitionKey,
      ...(after === null ? {} : { '#gsk': gsi1.sortKey }),
      ...partition.filter?.names,
    },
    ExpressionAttributeValues: {
      ':gpk': partition.gsi1pk,
      ...(after === null ? {} : { ':after': after }),
      ...partition.filter?.values,
    },
    ScanIndexForward: false,
    Limit: batch,
  });
}

function sortValue(item: Item): string {
  return String(item[RECORD_TABLE_KEYS.gsi1.sortKey]);
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

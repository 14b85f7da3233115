/**
 * What the batch records share (a sweep and its members, a reconciliation and its findings): one
 * head item created once and then updated field by field, and rows under it created once each and
 * then only moved between states by conditional writes, listed page by page.
 */
import type * as z from 'zod';
import type { Page } from '../../ports/records/page.ts';
import type { ItemKey } from './keys.ts';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.ts';
import { parseItem } from './record-schemas.ts';
import { type Item, keyOf, type RecordTable } from './record-table.ts';

/** Creates the head unless it exists; either way answers the stored one. */
export async function createHead<T>(
  table: RecordTable,
  key: ItemKey,
  schema: z.ZodType<T>,
  value: T,
  what: string,
): Promise<{ created: boolean; stored: T }> {
  const item = parseItem(schema, value, key);
  if (await table.putIfAbsent({ ...key, ...(item as object) })) return { created: true, stored: item };
  const stored = await getItem(table, key, schema);
  if (stored === null) throw new Error(`${what} vanished while it was being created`);
  return { created: false, stored };
}

export async function getItem<T>(table: RecordTable, key: ItemKey, schema: z.ZodType<T>): Promise<T | null> {
  const item = await table.get(key);
  return item === null ? null : parseItem(schema, item, key);
}

/** Sets the given fields of an existing item. */
export async function updateFields<T>(
  table: RecordTable,
  key: ItemKey,
  schema: z.ZodType<T>,
  change: Record<string, unknown>,
  what: string,
): Promise<T> {
  const entries = Object.entries(change).filter(([, v]) => v !== undefined);
  const updated = await table.updateIf(key, {
    UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
    ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
  });
  if (updated === null) throw new Error(`${what} does not exist`);
  return parseItem(schema, updated, key);
}

/** The stored rows at these keys (absent ones left out), parsed. */
export async function getRows<T>(
  table: RecordTable,
  keys: readonly ItemKey[],
  schema: z.ZodType<T>,
): Promise<T[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  return (await table.batchGet(unique)).map((item) => parseItem(schema, item, keyOf(item)));
}

/**
 * Writes the rows not stored yet; rows already present are left as they are, so a page that runs
 * again never undoes a later state. Read-then-batch-write rather than a conditional put per row:
 * only the listing step creates rows, and their states change only after it ends, so no write can
 * slip in between.
 */
export async function addRowsOnce<T>(
  table: RecordTable,
  rows: ReadonlyArray<{ key: ItemKey; row: T }>,
  schema: z.ZodType<T>,
): Promise<void> {
  const fresh = new Map(rows.map((r) => [r.key.sk, r]));
  for (const item of await table.batchGet([...fresh.values()].map((r) => r.key)))
    fresh.delete(keyOf(item).sk);
  await table.batchPut(
    [...fresh.values()].map(({ key, row }) => ({ ...key, ...(parseItem(schema, row, key) as object) })),
  );
}

/** Moves a row's `state` (and one text field) only from one of `from`; false when it was elsewhere. */
export async function setRowState(
  table: RecordTable,
  key: ItemKey,
  change: { state: string; field: string; text: string },
  from: readonly string[],
): Promise<boolean> {
  return (await moveRowState(table, key, change, from)) !== null;
}

/** {@link setRowState}, answering the row as written (null when it was elsewhere, or absent). */
export function moveRowState(
  table: RecordTable,
  key: ItemKey,
  change: { state: string; field: string; text: string },
  from: readonly string[],
): Promise<Item | null> {
  return table.updateIf(key, {
    UpdateExpression: 'SET #state = :state, #text = :text',
    ConditionExpression: `#state IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
    ExpressionAttributeNames: { '#state': 'state', '#text': change.field },
    ExpressionAttributeValues: {
      ':state': change.state,
      ':text': change.text,
      ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
    },
  });
}

/** One page of the rows under `pk` whose sort key starts with `prefix`, optionally of one state. */
export async function listRows<T>(
  table: RecordTable,
  where: { listing: string; pk: string; prefix: string; state?: string },
  page: { limit?: number; cursor?: string | null },
  schema: z.ZodType<T>,
): Promise<Page<T>> {
  const listing = `${where.listing}:${where.state ?? 'all'}`;
  const after = decodeCursor(listing, page.cursor, (a) => a.startsWith(where.prefix));
  const limit = pageSize(page.limit);
  // Bounded to the prefix on later pages too (BETWEEN includes the cursor's own row: skipped below),
  // so a page does not read on through the partition's other rows.
  const items = table.query({
    KeyConditionExpression: after
      ? 'pk = :pk AND sk BETWEEN :after AND :end'
      : 'pk = :pk AND begins_with(sk, :prefix)',
    ...(where.state && {
      FilterExpression: '#state = :state',
      ExpressionAttributeNames: { '#state': 'state' },
    }),
    ExpressionAttributeValues: {
      ':pk': where.pk,
      ...(after ? { ':after': after, ':end': prefixEnd(where.prefix) } : { ':prefix': where.prefix }),
      ...(where.state && { ':state': where.state }),
    },
  });
  const rows: T[] = [];
  let lastSk: string | null = null;
  let more = false;
  for await (const item of items) {
    if (rows.length === limit) {
      more = true;
      break;
    }
    const key = keyOf(item);
    if (key.sk === after || !key.sk.startsWith(where.prefix)) continue;
    rows.push(parseItem(schema, item, key));
    lastSk = key.sk;
  }
  return { items: rows, nextCursor: more && lastSk ? encodeCursor(listing, lastSk) : null };
}

/**
 * The bound just past every sort key starting with `prefix` (`HRROW#` → `HRROW$`): every prefix
 * ends with `#`, and no key is the bound itself, so an inclusive BETWEEN stays inside the prefix.
 */
function prefixEnd(prefix: string): string {
  if (!prefix.endsWith('#')) throw new Error(`A row prefix ends with "#"; got ${prefix}`);
  return `${prefix.slice(0, -1)}$`;
}

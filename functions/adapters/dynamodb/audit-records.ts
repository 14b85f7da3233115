/**
 * The audit trail (DESIGN.md "Every action that changes Trello or the IdP writes an audit
 * entry"). Entries live in day partitions, `AUDIT#<yyyy-mm-dd>` / `<at>#<id>`, so no partition
 * grows without bound and a listing reads them in time order.
 *
 * Exactly one entry per (run, action key), across crashes and re-runs, without transactions:
 * 1. a reservation item (`RUN#<runId>` / `AUDITKEY#<sha256(runId|actionKey)>`) is put only if
 *    absent and names the entry's key: whoever wins it fixes where the entry lives;
 * 2. the entry is put only if absent at that key, with result `pending`.
 * A re-run (or a concurrent call) loses step 1, reads the reserved key, and writes the entry only
 * if a crash came between 1 and 2. Entries not tied to a run are simply new every time.
 *
 * Listing: a marker item per day that has entries (`AUDITDAYS` / `<yyyy-mm-dd>`) is written
 * before the day's first entry, so listAudit queries only the days that hold something.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditRef, AuditResult, Page } from '../../ports/record-store.ts';
import {
  AUDIT_DAYS_PARTITION,
  AUDIT_PARTITION_PREFIX,
  AUDIT_RESERVATION_PREFIX,
  canonicalInstant,
  dayOf,
  type ItemKey,
  Keys,
} from './keys.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import { AuditItem, AuditReservationItem, parseItem } from './record-schemas.ts';
import { keyOf, type RecordTable, take } from './record-table.ts';

const LISTING = 'audit';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class AuditRecords {
  /** Days whose marker this process already wrote (markers are never deleted). */
  private readonly markedDays = new Set<string>();

  constructor(private readonly table: RecordTable) {}

  async beginAudit(
    runId: string | null,
    actionKey: string,
    entry: Omit<AuditEntry, 'id' | 'result'>,
  ): Promise<{ ref: AuditRef; entry: AuditEntry }> {
    const at = canonicalInstant(entry.at, 'The time of an audit entry');
    if (runId === null) {
      const id = randomUUID();
      const ref = Keys.audit(at, id);
      const fresh = parseItem(AuditItem, { ...entry, at, id, result: 'pending' }, ref);
      await this.markDay(dayOf(at));
      await this.table.putIfAbsent({ ...ref, ...fresh });
      return { ref, entry: fresh };
    }
    const reservation = Keys.auditReservation(runId, actionKey);
    // The entry id comes from the reservation's hash, so every caller proposes the same one.
    const wanted = Keys.audit(at, reservation.sk.slice(AUDIT_RESERVATION_PREFIX.length).slice(0, 32));
    const reserved = await this.table.putIfAbsent({ ...reservation, auditPk: wanted.pk, auditSk: wanted.sk });
    const ref = reserved ? wanted : await this.reservedRef(reservation);
    const split = ref.sk.lastIndexOf('#');
    const fresh = parseItem(
      AuditItem,
      { ...entry, at: ref.sk.slice(0, split), id: ref.sk.slice(split + 1), result: 'pending' },
      ref,
    );
    await this.markDay(dayOf(fresh.at));
    if (await this.table.putIfAbsent({ ...ref, ...fresh })) return { ref, entry: fresh };
    const stored = await this.table.get(ref);
    if (stored === null) throw new Error(`Audit entry ${keyText(ref)} was deleted while it was being begun`);
    return { ref, entry: parseItem(AuditItem, stored, ref) };
  }

  /** The entry begun for (run, action key), or null when none was (a crash before step 2 counts as none). */
  async findAuditEntry(
    runId: string,
    actionKey: string,
  ): Promise<{ ref: AuditRef; entry: AuditEntry } | null> {
    const reservation = await this.table.get(Keys.auditReservation(runId, actionKey));
    if (reservation === null) return null;
    const { auditPk, auditSk } = parseItem(
      AuditReservationItem,
      reservation,
      Keys.auditReservation(runId, actionKey),
    );
    const ref = { pk: auditPk, sk: auditSk };
    const item = await this.table.get(ref);
    return item === null ? null : { ref, entry: parseItem(AuditItem, item, ref) };
  }

  async completeAudit(ref: AuditRef, result: AuditResult, detail: string): Promise<void> {
    // A ref is handed back by callers: never let one aim this update at a non-audit item.
    if (
      !ref.pk.startsWith(AUDIT_PARTITION_PREFIX) ||
      !DAY.test(ref.pk.slice(AUDIT_PARTITION_PREFIX.length))
    ) {
      throw new Error(`${keyText(ref)} is not an audit entry reference`);
    }
    const updated = await this.table.updateIf(
      { pk: ref.pk, sk: ref.sk },
      {
        UpdateExpression: 'SET #result = :result, #detail = :detail',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#result': 'result', '#detail': 'detail' },
        ExpressionAttributeValues: { ':result': result, ':detail': detail },
      },
    );
    if (updated === null) throw new Error(`Audit entry ${keyText(ref)} does not exist; begin it first`);
  }

  /** The run's entries in time order; a reservation whose entry a crash lost is left to the re-run. */
  async runAudit(runId: string): Promise<Array<{ ref: AuditRef; entry: AuditEntry }>> {
    const { pk } = Keys.run(runId);
    const refs: AuditRef[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': AUDIT_RESERVATION_PREFIX },
    })) {
      const reservation = parseItem(AuditReservationItem, item, keyOf(item));
      refs.push({ pk: reservation.auditPk, sk: reservation.auditSk });
    }
    const found = await Promise.all(
      refs.map(async (ref) => {
        const item = await this.table.get(ref);
        return item === null ? [] : [{ ref, entry: parseItem(AuditItem, item, ref) }];
      }),
    );
    return found.flat().sort((a, b) => (a.ref.sk < b.ref.sk ? -1 : a.ref.sk > b.ref.sk ? 1 : 0));
  }

  /**
   * Entries with `at >= since`, oldest first, day partition after day partition. The day markers
   * name the days that have entries, so a `since` years back costs one query, not one per day.
   * The cursor is the sort key of the last entry returned (its day is its first ten characters).
   */
  async listAudit(
    filter: { since: string; cursor?: string | null },
    size: number,
  ): Promise<Page<AuditEntry>> {
    const since = canonicalInstant(filter.since, 'since');
    const after = decodeCursor(LISTING, filter.cursor, (sk) => DAY.test(sk.slice(0, 10)));
    const resume = after !== null && after >= since;
    const bound = resume
      ? { expression: 'sk > :bound', value: after }
      : { expression: 'sk >= :bound', value: since };
    const days = this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk >= :day',
      ExpressionAttributeValues: { ':pk': AUDIT_DAYS_PARTITION, ':day': dayOf(bound.value) },
      Limit: 100,
    });
    const found: AuditEntry[] = [];
    const keys: string[] = [];
    for await (const marker of days) {
      const day = keyOf(marker).sk;
      const entries = this.table.query({
        KeyConditionExpression: `pk = :pk AND ${bound.expression}`,
        ExpressionAttributeValues: { ':pk': Keys.auditDay(day), ':bound': bound.value },
        Limit: size + 1 - found.length,
      });
      for (const item of await take(entries, size + 1 - found.length)) {
        found.push(parseItem(AuditItem, item, keyOf(item)));
        keys.push(keyOf(item).sk);
      }
      // One past the page, to know whether another page exists.
      if (found.length > size) break;
    }
    const lastKey = keys[size - 1];
    return {
      items: found.slice(0, size),
      nextCursor: found.length > size && lastKey !== undefined ? encodeCursor(LISTING, lastKey) : null,
    };
  }

  /** Written before the day's first entry, so every entry's day is listed (a crash leaves at most an empty day). */
  private async markDay(day: string): Promise<void> {
    if (this.markedDays.has(day)) return;
    await this.table.put({ ...Keys.auditDayMarker(day), day });
    this.markedDays.add(day);
  }

  private async reservedRef(reservation: ItemKey): Promise<AuditRef> {
    const item = parseItem(AuditReservationItem, await this.table.get(reservation), reservation);
    return { pk: item.auditPk, sk: item.auditSk };
  }
}

function keyText(ref: AuditRef): string {
  return `pk=${ref.pk} sk=${ref.sk}`;
}

/**
 * The audit trail's hash chains, as pure functions: the canonical form of an entry, its hash, and
 * the walk that checks a chain. The store (audit-records.ts) and `lanyard audit verify --file`
 * (offline, on an export) use the same code, and README "Audit trail" describes it for anyone
 * who wants to check an export with their own.
 *
 * Canonical form: the JSON Canonicalization Scheme (RFC 8785) of an object holding exactly the
 * fields in CANONICAL_FIELDS: keys in ascending order, no whitespace, strings escaped as
 * JSON.stringify does, integers in plain decimal, null as `null`. Every value is a string, an
 * integer or null, so sorting the keys and calling JSON.stringify produces exactly that.
 * `hash` = lowercase hex SHA-256 of its UTF-8 bytes. `prevHash` of a chain's first entry is
 * GENESIS_HASH.
 */
import { createHash } from 'node:crypto';
import type { AuditChainProblem } from '../../core/model/audit-results.ts';
import type { AuditVerification, StoredAuditEntry } from '../../ports/records/audit-log.ts';
import { AuditItem } from './record-schemas.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields the hash covers, in canonical (sorted) order: all but `hash` itself. */
export const CANONICAL_FIELDS = [
  'action',
  'actor',
  'at',
  'attempt',
  'begunId',
  'detail',
  'employeeId',
  'id',
  'prevHash',
  'result',
  'runId',
  'seq',
  'target',
] as const satisfies ReadonlyArray<keyof StoredAuditEntry>;

export type Unsealed = Omit<StoredAuditEntry, 'hash'>;

export function canonicalAuditEntry(entry: Unsealed): string {
  return JSON.stringify(Object.fromEntries(CANONICAL_FIELDS.map((field) => [field, entry[field]])));
}

export function auditEntryHash(entry: Unsealed): string {
  return createHash('sha256').update(canonicalAuditEntry(entry), 'utf8').digest('hex');
}

/** The entry that follows `previous` (seq and hash) in its chain, hashed. */
export function seal(
  body: Omit<StoredAuditEntry, 'seq' | 'prevHash' | 'hash'>,
  previous: { seq: number; hash: string },
): StoredAuditEntry {
  const unsealed: Unsealed = { ...body, seq: previous.seq + 1, prevHash: previous.hash };
  return { ...unsealed, hash: auditEntryHash(unsealed) };
}

export type ChainBreak = NonNullable<AuditVerification['firstBroken']>;

/**
 * One position of a chain as stored: the seq its key says, and the entry there (null when the
 * stored item is not an entry any more, e.g. a field was removed or mistyped).
 */
export interface ChainSlot {
  seq: number;
  entry: StoredAuditEntry | null;
  /** The stored item's id, when it still has one (to name a malformed entry). */
  id: string | null;
}

/**
 * Checks one day's chain slot after slot, in key order. What each problem means:
 * - `removed`: a seq is missing between two entries (the first missing seq is named);
 * - `reordered`: an entry sits at a seq other than the one it was hashed with (moved or swapped);
 * - `edited`: an entry's content no longer matches its hash, or (rehashed) no longer matches the
 *   prevHash its successor recorded, or is not an entry any more;
 * - `truncated` (at the end, against the head): the chain ends before the last entry its head
 *   names, or the head is gone.
 * `fromStart: false` accepts a chain that starts mid-way (an export since a time): its first
 * entry's seq, and unless it is 1 its prevHash, are taken as given.
 */
export class ChainWalk {
  checked = 0;
  private previous: { seq: number; hash: string; id: string } | null = null;
  /** The walked entry at the head's seq, once seen. */
  private atHead: { hash: string; id: string } | null = null;

  /**
   * @param head the chain's head, read before the walk (so every entry it names was written
   *   before the walk began); null when it is gone; undefined to skip that check (an export).
   */
  constructor(
    readonly day: string,
    private readonly head: ChainHead | null | undefined,
    private readonly fromStart = true,
  ) {}

  /** The break this slot shows, or null when it links on. */
  next(slot: ChainSlot): ChainBreak | null {
    const expected = this.previous === null ? (this.fromStart ? 1 : slot.seq) : this.previous.seq + 1;
    if (slot.seq > expected) return this.broken(expected, null, 'removed');
    if (slot.seq < expected) return this.broken(slot.seq, slot.id, 'reordered');
    const entry = slot.entry;
    if (entry === null) return this.broken(slot.seq, slot.id, 'edited');
    if (entry.seq !== slot.seq) return this.broken(slot.seq, entry.id, 'reordered');
    if (auditEntryHash(entry) !== entry.hash) return this.broken(slot.seq, entry.id, 'edited');
    const link = this.previous?.hash ?? (this.fromStart || entry.seq === 1 ? GENESIS_HASH : entry.prevHash);
    if (entry.prevHash !== link) {
      // The entry is intact but its predecessor is not the one it was chained to: that one was
      // rewritten with a fresh hash (an edit that tried to hide), unless this is the first entry.
      return this.previous === null
        ? this.broken(slot.seq, entry.id, 'edited')
        : this.broken(this.previous.seq, this.previous.id, 'edited');
    }
    this.previous = { seq: entry.seq, hash: entry.hash, id: entry.id };
    if (entry.seq === this.head?.seq) this.atHead = { hash: entry.hash, id: entry.id };
    this.checked += 1;
    return null;
  }

  /**
   * After the last slot: the head must name an entry the walk saw, with the same hash. The walk
   * may see more than the head names: appends after the head was read, or whose head update a
   * crash lost.
   */
  end(): ChainBreak | null {
    const head = this.head;
    if (head === undefined) return null;
    const last = this.previous?.seq ?? 0;
    if (head === null) return this.broken(last + 1, null, 'truncated');
    if (head.seq === 0) return null;
    if (head.seq > last || this.atHead === null) {
      return this.broken(last + 1, head.seq === last + 1 ? head.id : null, 'truncated');
    }
    if (this.atHead.hash !== head.hash) return this.broken(head.seq, this.atHead.id, 'edited');
    return null;
  }

  private broken(seq: number, id: string | null, problem: AuditChainProblem): ChainBreak {
    return { day: this.day, seq, id, problem };
  }
}

/** What a chain's head names: its last appended entry (seq 0: none yet). */
export interface ChainHead {
  seq: number;
  hash: string;
  id: string | null;
}

/**
 * Checks an export (the JSON of GET /admin/audit or `lanyard audit export --format json`) on its
 * own: entries grouped into their day chains (the UTC day of `at`), ordered by seq, each chain
 * checked from its first exported entry. An export has no heads, so a chain cut short at its end
 * cannot show here; compare with a later export or GET /admin/audit/verify for that.
 */
export function verifyExport(exported: readonly unknown[]): AuditVerification {
  const chains = new Map<string, ChainSlot[]>();
  for (const element of exported) {
    const item = (typeof element === 'object' && element !== null ? element : {}) as Record<string, unknown>;
    const parsed = AuditItem.safeParse(item);
    const day = typeof item.at === 'string' ? item.at.slice(0, 10) : '(no date)';
    const slot: ChainSlot = {
      seq: typeof item.seq === 'number' ? item.seq : 0,
      entry: parsed.success ? parsed.data : null,
      id: typeof item.id === 'string' ? item.id : null,
    };
    const chain = chains.get(day);
    if (chain) chain.push(slot);
    else chains.set(day, [slot]);
  }
  let checked = 0;
  for (const day of [...chains.keys()].sort()) {
    const walk = new ChainWalk(day, undefined, false);
    const slots = (chains.get(day) ?? []).sort((a, b) => a.seq - b.seq);
    let broken: ChainBreak | null = null;
    for (const slot of slots) {
      broken = walk.next(slot);
      if (broken !== null) break;
    }
    checked += walk.checked;
    if (broken !== null) return { ok: false, checked, firstBroken: broken };
  }
  return { ok: true, checked, firstBroken: null };
}

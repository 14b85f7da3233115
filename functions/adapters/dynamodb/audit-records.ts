/**
 * The audit trail (DESIGN.md "Every action that changes Trello or the IdP writes audit entries
 * … appended, never rewritten, and chained so an edit is detectable").
 *
 * Entries: one hash chain per UTC day, `AUDIT#<yyyy-mm-dd>` / `SEQ#<seq>`, written once by a put
 * that succeeds only if the place is free, and never updated or deleted (on AWS an IAM deny
 * enforces that; infra/constructs/audit-append-only.ts). Appending reads the chain's tail
 * (descending query, Limit 1) unless this store already knows it, seals the entry onto it (seq + 1,
 * prevHash = the tail's hash; see audit-chain.ts) and puts it; a writer that lost the place to a
 * concurrent one reads what was appended since and tries the next place after a backoff with full
 * jitter. No transactions: dynalite has none (TOOLCHAIN.md §3.8).
 *
 * One chain per day, not shards of a day: measured on dynalite, unsharded appends racing each
 * other were the problem (every loser re-reads and retries: 200 at once took 26 s), and sharding
 * would only have divided that. Instead a store queues its own appends to a chain and remembers
 * its last place (no read, no lost race between them: 200 at once take about half a second), and
 * only writers in different processes race, backing off. Lanyard's audit rate is bounded by
 * Trello's write limits (tens of changes a second, two entries each), well within one chain.
 *
 * A day's chain keeps a head, `AUDIT#<day>` / `HEAD` (the last seq, hash and id appended; put only
 * forward), so deleting the tail shows. The day markers (`AUDIT#DAYS` / `<day>`) list the days that
 * have chains; each day's head is written before its marker, and its marker before its first entry.
 *
 * Attempts: a run's change is tracked by a mutable item outside the chain, `RUN#<runId>` /
 * `AUDITCHANGE#<sha256(runId|actionKey)>`: its attempt number and the entries being appended for
 * it. An append is first claimed there (its body, fixed then, and the chain tail seen before the
 * claim), then made: whoever finishes it (the caller, a concurrent call, the re-run after a
 * crash) writes that same entry, and the entry can only be after the claimed tail, so a finisher
 * that finds its place taken looks for the entry's id among what came after and never appends it
 * twice. So a re-run never writes a second `begun` for an attempt nor a second outcome; a new
 * attempt (2, 3…) begins only after a `failed` outcome.
 *
 * What verification cannot detect: a writer with PutItem on the table (every step's role has it,
 * since IAM cannot limit PutItem to creating) can overwrite the entries of a chain from some point
 * on, with hashes recomputed, together with its head; the chain then checks out. README "Audit
 * trail" says what mitigates that (exports kept elsewhere, point-in-time recovery).
 */
import { randomUUID } from 'node:crypto';
import type { AuditOutcome } from '../../core/model/audit-results.ts';
import type {
  AuditEntry,
  AuditLog,
  AuditRef,
  AuditVerification,
  StoredAuditEntry,
} from '../../ports/records/audit-log.ts';
import type { Page } from '../../ports/records/page.ts';
import { type ChainHead, type ChainSlot, ChainWalk, GENESIS_HASH, seal } from './audit-chain.ts';
import {
  AUDIT_CHANGE_PREFIX,
  AUDIT_DAYS_PARTITION,
  AUDIT_SEQ_DIGITS,
  AUDIT_SEQ_PREFIX,
  auditSeqKey,
  canonicalInstant,
  dayOf,
  type ItemKey,
  Keys,
} from './keys.ts';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.ts';
import {
  type AuditBody,
  type AuditChainTail,
  AuditChangeItem,
  AuditHeadItem,
  AuditItem,
  type PendingAppend,
  parseItem,
} from './record-schemas.ts';
import { type Item, keyOf, type RecordTable } from './record-table.ts';

const LISTING = 'audit';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURSOR = new RegExp(`^\\d{4}-\\d{2}-\\d{2}#\\d{${AUDIT_SEQ_DIGITS}}$`);
const LAST_SEQ_KEY = `${AUDIT_SEQ_PREFIX}${'9'.repeat(AUDIT_SEQ_DIGITS)}`;
const EMPTY_CHAIN: AuditChainTail = { seq: 0, hash: GENESIS_HASH };
/** Places one append may lose to concurrent ones before it gives up (each loss is another's win). */
const MAX_APPEND_ROUNDS = 1000;
/** Reads of a change's item one call may make while concurrent calls move it on. */
const MAX_CHANGE_ROUNDS = 20;
/** Ids a store remembers per day chain (see KnownChain). */
const KNOWN_IDS = 10_000;

type Located = { ref: AuditRef; entry: StoredAuditEntry };

export class AuditRecords implements AuditLog {
  /** Days whose head and marker this process already wrote (neither is ever deleted). */
  private readonly markedDays = new Set<string>();
  /**
   * Per day chain: the furthest place this store knows of (so its next append needs no read of
   * the tail) and the queue its own appends wait in. Per store, never shared: a tail is only
   * known for the table it was read from.
   */
  private readonly chains = new Map<string, KnownChain>();

  constructor(
    private readonly table: RecordTable,
    private readonly now: () => Date,
  ) {}

  async beginAudit(
    runId: string | null,
    actionKey: string,
    input: Omit<AuditEntry, 'id' | 'result'>,
  ): Promise<Located> {
    const at = canonicalInstant(input.at, 'The time of an audit entry');
    if (runId === null) {
      const entry = await this.append({
        ...content(input),
        at,
        id: randomUUID(),
        result: 'begun',
        attempt: 1,
        begunId: null,
      });
      return { ref: refOf(entry, null), entry };
    }
    const key = Keys.auditChange(runId, actionKey);
    // Most changes are begun once: claim attempt 1 before reading anything.
    const first = await this.pending(begunBody(key, 1, input, at));
    if (await this.table.putIfAbsent({ ...key, runId, actionKey, attempt: 1, begun: first, history: [] })) {
      const entry = await this.appendOnce(first);
      return { ref: refOf(entry, { runId, actionKey }), entry };
    }
    for (let round = 0; round < MAX_CHANGE_ROUNDS; round += 1) {
      const change = await this.readChange(key);
      if (change === null)
        throw new Error(`The audit of ${actionKey} in run ${runId} vanished while it was begun`);
      const { begun, outcome } = await this.settle(key, change);
      if (outcome?.result !== 'failed') return { ref: refOf(begun, change), entry: begun };
      // The attempt failed: this call is the next attempt, with a begun entry of its own.
      const next = await this.pending(begunBody(key, change.attempt + 1, input, at));
      const moved = await this.table.updateIf(key, {
        UpdateExpression:
          'SET attempt = :next, begun = :begun, history = list_append(history, :done) REMOVE begunSeq, outcome, outcomeSeq',
        ConditionExpression: 'attempt = :attempt',
        ExpressionAttributeValues: {
          ':next': change.attempt + 1,
          ':begun': next,
          ':done': [{ begun: placeOf(begun), outcome: placeOf(outcome) }],
          ':attempt': change.attempt,
        },
      });
      if (moved !== null) {
        const entry = await this.appendOnce(next);
        return { ref: refOf(entry, change), entry };
      }
    }
    throw new Error(`Could not begin the audit of ${actionKey} in run ${runId}: it kept changing`);
  }

  /** The current attempt at (run, action key): its outcome once written, else its begun entry. */
  async findAuditEntry(runId: string, actionKey: string): Promise<Located | null> {
    const change = await this.readChange(Keys.auditChange(runId, actionKey));
    if (change === null) return null;
    const begun = await this.locate(change.begun, change.begunSeq);
    if (begun === null) return null;
    const outcome = change.outcome ? await this.locate(change.outcome, change.outcomeSeq) : null;
    return { ref: refOf(begun, change), entry: outcome ?? begun };
  }

  async completeAudit(
    ref: AuditRef,
    result: AuditOutcome,
    detail: string,
    at?: string,
  ): Promise<StoredAuditEntry | null> {
    const when = canonicalInstant(at ?? this.now().toISOString(), 'The time of an audit outcome');
    if (ref.change === null) {
      const begun = await this.entryAt(ref.day, ref.seq);
      if (begun.id !== ref.id)
        throw new Error(`Audit entry ${ref.id} does not exist at ${ref.day} #${ref.seq}`);
      return this.append(outcomeBody(begun, randomUUID(), result, detail, when));
    }
    const key = Keys.auditChange(ref.change.runId, ref.change.actionKey);
    for (let round = 0; round < MAX_CHANGE_ROUNDS; round += 1) {
      const change = await this.readChange(key);
      if (change === null || change.attempt < ref.attempt) {
        throw new Error(`Audit attempt ${ref.id} does not exist; begin it first`);
      }
      if (change.attempt > ref.attempt) return null; // its outcome was written; a later attempt began
      if (change.outcome) return this.ensure(key, change, change.outcome, 'outcomeSeq', change.outcomeSeq);
      const outcome = await this.pending(
        outcomeBody(change.begun.entry, entryId(key, ref.attempt, 'outcome'), result, detail, when),
      );
      // The ref proves the begun entry is in the chain: its place is recorded with the claim.
      const claimed = await this.table.updateIf(key, {
        UpdateExpression: 'SET outcome = :outcome, begunSeq = if_not_exists(begunSeq, :begunSeq)',
        ConditionExpression: 'attempt = :attempt AND attribute_not_exists(outcome)',
        ExpressionAttributeValues: { ':outcome': outcome, ':attempt': ref.attempt, ':begunSeq': ref.seq },
      });
      if (claimed !== null) {
        return this.ensure(key, parseItem(AuditChangeItem, claimed, key), outcome, 'outcomeSeq', undefined);
      }
    }
    throw new Error(`Could not record the outcome of audit attempt ${ref.id}: it kept changing`);
  }

  /** Every entry of the run's changes (all attempts), in time order. */
  async runAudit(runId: string): Promise<Located[]> {
    const { pk } = Keys.run(runId);
    const changes: AuditChangeItem[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': AUDIT_CHANGE_PREFIX },
    })) {
      changes.push(parseItem(AuditChangeItem, item, keyOf(item)));
    }
    const perChange = await Promise.all(
      changes.map(async (change) => {
        const earlier = change.history.flatMap((attempt) => [attempt.begun, attempt.outcome]);
        const recorded = await this.table.batchGet(earlier.map((at) => Keys.auditEntry(at.day, at.seq)));
        const entries = recorded.map((item) => parseItem(AuditItem, item, keyOf(item)));
        const begun = await this.locate(change.begun, change.begunSeq);
        if (begun !== null) entries.push(begun);
        const outcome = change.outcome ? await this.locate(change.outcome, change.outcomeSeq) : null;
        if (outcome !== null) entries.push(outcome);
        const opened = new Map(entries.filter((e) => e.result === 'begun').map((e) => [e.id, e]));
        return entries.flatMap((entry) => {
          const attempt = entry.begunId === null ? entry : opened.get(entry.begunId);
          return attempt ? [{ ref: refOf(attempt, change), entry }] : [];
        });
      }),
    );
    return perChange.flat().sort((a, b) => compare(order(a.entry), order(b.entry)));
  }

  /**
   * Entries with `at >= since`, day after day (the days come from their markers, so a `since`
   * years back costs one query), each day in chain order. The cursor names the last entry
   * returned: `<day>#<seq>`.
   */
  async listAudit(filter: {
    since: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<StoredAuditEntry>> {
    const size = pageSize(filter.limit);
    const since = canonicalInstant(filter.since, 'since');
    const after = decodeCursor(LISTING, filter.cursor, (value) => CURSOR.test(value));
    const resume = after === null ? null : { day: after.slice(0, 10), seq: Number(after.slice(11)) };
    const found: StoredAuditEntry[] = [];
    for await (const marker of this.days(resume?.day ?? dayOf(since))) {
      const day = keyOf(marker).sk;
      const from = resume !== null && resume.day === day ? resume.seq : 0;
      for await (const item of this.entriesAfter(day, from, size + 1 - found.length)) {
        const entry = parseItem(AuditItem, item, keyOf(item));
        if (entry.at >= since) found.push(entry);
        // One past the page, to know whether another page exists.
        if (found.length > size) break;
      }
      if (found.length > size) break;
    }
    const last = found[size - 1];
    return {
      items: found.slice(0, size),
      nextCursor:
        found.length > size && last !== undefined
          ? encodeCursor(LISTING, `${dayOf(last.at)}#${String(last.seq).padStart(AUDIT_SEQ_DIGITS, '0')}`)
          : null,
    };
  }

  /**
   * Walks the chain of every day from `since` (all days when absent), oldest first, and names
   * the first break (audit-chain.ts says what each problem means).
   */
  async verifyAudit(filter: { since?: string }): Promise<AuditVerification> {
    const from = filter.since === undefined ? '0000-00-00' : dayOf(canonicalInstant(filter.since, 'since'));
    let checked = 0;
    for await (const marker of this.days(from)) {
      const day = keyOf(marker).sk;
      if (!DAY.test(day)) continue;
      // The head first: every entry it names was written before the walk starts.
      const head = AuditHeadItem.safeParse(await this.table.get(Keys.auditHead(day)));
      const walk = new ChainWalk(day, head.success ? (head.data satisfies ChainHead) : null);
      let broken = null;
      for await (const item of this.entriesAfter(day, 0)) {
        broken = walk.next(slotOf(item));
        if (broken !== null) break;
      }
      broken ??= walk.end();
      checked += walk.checked;
      if (broken !== null) return { ok: false, checked, firstBroken: broken };
    }
    return { ok: true, checked, firstBroken: null };
  }

  /** Makes sure the change's current begun entry, and its outcome once claimed, are in the chain. */
  private async settle(
    key: ItemKey,
    change: AuditChangeItem,
  ): Promise<{ begun: StoredAuditEntry; outcome: StoredAuditEntry | null }> {
    const begun = await this.ensure(key, change, change.begun, 'begunSeq', change.begunSeq);
    const outcome = change.outcome
      ? await this.ensure(key, change, change.outcome, 'outcomeSeq', change.outcomeSeq)
      : null;
    return { begun, outcome };
  }

  /**
   * The pending append in the chain (appended now unless it was: a crash may have cut its first
   * try short), its place recorded on the change once known.
   */
  private async ensure(
    key: ItemKey,
    change: AuditChangeItem,
    pending: PendingAppend,
    field: 'begunSeq' | 'outcomeSeq',
    seq: number | undefined,
  ): Promise<StoredAuditEntry> {
    if (seq !== undefined) return this.entryAt(dayOf(pending.entry.at), seq);
    const entry = await this.appendOnce(pending);
    await this.table.updateIf(key, {
      UpdateExpression: 'SET #seq = :seq',
      ConditionExpression: 'attempt = :attempt AND attribute_not_exists(#seq)',
      ExpressionAttributeNames: { '#seq': field },
      ExpressionAttributeValues: { ':seq': entry.seq, ':attempt': change.attempt },
    });
    return entry;
  }

  /** Appends an entry no one else can be appending (a fresh id), after the chain's tail. */
  private async append(body: AuditBody): Promise<StoredAuditEntry> {
    const day = dayOf(body.at);
    const entry = await this.serialized(day, async () =>
      this.appendAfter({ entry: body, after: this.chain(day).tail ?? (await this.tailOf(day)) }),
    );
    await this.advanceHead(day, entry);
    return entry;
  }

  /** A pending append of `body`: the tail of its day's chain as last known (the entry goes after it). */
  private async pending(body: AuditBody): Promise<PendingAppend> {
    const day = dayOf(body.at);
    return { entry: body, after: this.chain(day).tail ?? (await this.tailOf(day)) };
  }

  /** Appends a claimed entry once (see appendAfter). */
  private async appendOnce(pending: PendingAppend): Promise<StoredAuditEntry> {
    const day = dayOf(pending.entry.at);
    const entry = await this.serialized(day, () => this.appendAfter(pending));
    await this.advanceHead(day, entry);
    return entry;
  }

  /**
   * Puts the entry at the place right after `pending.after`. That put succeeds only if nothing
   * came since, so the entry cannot be in the chain already. When the place is taken (or this
   * store knows of later entries), what came since is read: the entry itself (a concurrent
   * finisher wrote it) ends the append, anything else moves the tail on, and the put is tried
   * again after a backoff with full jitter (the other writer is another process).
   */
  private async appendAfter(pending: PendingAppend): Promise<StoredAuditEntry> {
    const day = dayOf(pending.entry.at);
    await this.markDay(day);
    const known = this.chain(day);
    let tail = pending.after;
    let scan = false;
    if (known.tail !== null && known.tail.seq > tail.seq) {
      // This store appended or read past the claim: it may know every id since, and so where
      // (or that not) the entry is, without reading those places again.
      const found = known.find(pending.entry.id, tail.seq);
      if (found === undefined) scan = true;
      else if (found !== null) return this.entryAt(day, found);
      else tail = known.tail;
    }
    for (let round = 0; round < MAX_APPEND_ROUNDS; round += 1) {
      if (scan) {
        const from = tail.seq;
        for await (const item of this.entriesAfter(day, from)) {
          const slot = slotOf(item);
          tail = { seq: slot.seq, hash: slot.entry?.hash ?? stringHash(item.hash) };
          known.saw(tail, slot.id);
          if (slot.id === pending.entry.id && slot.entry !== null) return slot.entry;
        }
        if (round > 0 && tail.seq === from) {
          throw new Error(
            `Audit chain ${day} lost entry ${from + 1} while appending (check lanyard audit verify)`,
          );
        }
      }
      const entry = seal(pending.entry, tail);
      if (await this.table.putIfAbsent({ ...Keys.auditEntry(day, entry.seq), ...entry })) {
        known.saw(entry, entry.id);
        return entry;
      }
      scan = true;
      await backoff(round);
    }
    throw new Error(
      `Could not append to audit chain ${day}: ${MAX_APPEND_ROUNDS} places taken by concurrent writers`,
    );
  }

  /**
   * Runs this store's appends to one day's chain one at a time: they would only race each other
   * for the same place (the local stack runs every step in one process).
   */
  private serialized<T>(day: string, append: () => Promise<T>): Promise<T> {
    const known = this.chain(day);
    const done = known.queue.then(append);
    known.queue = done.catch(() => undefined);
    return done;
  }

  private chain(day: string): KnownChain {
    let known = this.chains.get(day);
    if (known === undefined) {
      known = new KnownChain();
      this.chains.set(day, known);
    }
    return known;
  }

  /**
   * Moves the day's head to at least `entry`. The head only moves forward (concurrent appenders
   * finish in any order), and this store's appends share head writes: while one is under way,
   * later appends wait for it and the next one writes the furthest of them.
   */
  private async advanceHead(day: string, entry: StoredAuditEntry): Promise<void> {
    const known = this.chain(day);
    if (known.headWanted === null || known.headWanted.seq < entry.seq) {
      known.headWanted = { seq: entry.seq, hash: entry.hash, id: entry.id };
    }
    while (known.headSeq < entry.seq) {
      if (known.headWrite === null) {
        const head = known.headWanted;
        known.headWrite = this.table
          .putIf(
            { ...Keys.auditHead(day), ...head },
            {
              ConditionExpression: 'attribute_not_exists(pk) OR #seq < :seq',
              ExpressionAttributeNames: { '#seq': 'seq' },
              ExpressionAttributeValues: { ':seq': head.seq },
            },
          )
          .then(() => {
            // Written, or already further on (another process): either way the head is past it.
            known.headSeq = Math.max(known.headSeq, head.seq);
          })
          .finally(() => {
            known.headWrite = null;
          });
      }
      await known.headWrite;
    }
  }

  /** The last entry of the day's chain (descending query, Limit 1), or the empty chain. */
  private async tailOf(day: string): Promise<AuditChainTail> {
    await this.markDay(day);
    const last = this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
      ExpressionAttributeValues: { ':pk': Keys.auditDay(day), ':seq': AUDIT_SEQ_PREFIX },
      ScanIndexForward: false,
      Limit: 1,
    });
    const { value } = await last.next();
    await last.return(undefined);
    if (value === undefined) return EMPTY_CHAIN;
    const slot = slotOf(value);
    const tail = { seq: slot.seq, hash: slot.entry?.hash ?? stringHash(value.hash) };
    this.chain(day).saw(tail, slot.id);
    return tail;
  }

  /** Where a pending append went: its recorded seq, or a look among what came after its claim. */
  private async locate(pending: PendingAppend, seq: number | undefined): Promise<StoredAuditEntry | null> {
    if (seq !== undefined) return this.entryAt(dayOf(pending.entry.at), seq);
    const [entry] = await this.found(pending);
    return entry ?? null;
  }

  private async found(pending: PendingAppend): Promise<StoredAuditEntry[]> {
    for await (const item of this.entriesAfter(dayOf(pending.entry.at), pending.after.seq)) {
      const slot = slotOf(item);
      if (slot.id === pending.entry.id && slot.entry !== null) return [slot.entry];
    }
    return [];
  }

  private async entryAt(day: string, seq: number): Promise<StoredAuditEntry> {
    const key = Keys.auditEntry(day, seq);
    const item = await this.table.get(key);
    if (item === null) {
      throw new Error(
        `Audit entry ${day} #${seq} is missing: the trail was tampered with (lanyard audit verify)`,
      );
    }
    return parseItem(AuditItem, item, key);
  }

  private async readChange(key: ItemKey): Promise<AuditChangeItem | null> {
    const item = await this.table.get(key);
    return item === null ? null : parseItem(AuditChangeItem, item, key);
  }

  /** The entries of a day's chain after `seq`, in chain order. */
  private entriesAfter(day: string, seq: number, pageSize?: number): AsyncGenerator<Item> {
    return this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': Keys.auditDay(day),
        ':from': auditSeqKey(seq + 1),
        ':to': LAST_SEQ_KEY,
      },
      ...(pageSize !== undefined && { Limit: pageSize }),
    });
  }

  /** The markers of the days from `day` on. */
  private days(day: string): AsyncGenerator<Item> {
    return this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk >= :day',
      ExpressionAttributeValues: { ':pk': AUDIT_DAYS_PARTITION, ':day': day },
      Limit: 100,
    });
  }

  /**
   * Written before the day's first entry: the head (so a listed day always has one), then the
   * marker (so every entry's day is listed). A crash leaves at most an empty chain.
   */
  private async markDay(day: string): Promise<void> {
    if (this.markedDays.has(day)) return;
    const head: ChainHead = { ...EMPTY_CHAIN, id: null };
    await this.table.putIfAbsent({ ...Keys.auditHead(day), ...head });
    await this.table.put({ ...Keys.auditDayMarker(day), day });
    this.markedDays.add(day);
  }
}

/**
 * What one store knows of one day's chain: its furthest place, and the id at every place from
 * `from` up to it (the recent unbroken run of places this store wrote or read), so an append that
 * must not repeat an entry checks the places since its claim without reading them again. The
 * oldest ids are forgotten past KNOWN_IDS.
 */
class KnownChain {
  tail: AuditChainTail | null = null;
  /** This store's appends to the chain, one after the other. */
  queue: Promise<unknown> = Promise.resolve();
  /** The furthest entry this store appended, and the furthest its head writes have covered. */
  headWanted: ChainHead | null = null;
  headSeq = 0;
  headWrite: Promise<void> | null = null;
  private from = 1;
  private readonly seqOf = new Map<string, number>();

  /** A place this store wrote or read (`id` null: a damaged entry, whose id is unknown). */
  saw(place: AuditChainTail, id: string | null): void {
    const last = this.tail?.seq;
    if (last !== undefined && place.seq <= last) return;
    if (last === undefined || place.seq !== last + 1 || id === null) {
      this.seqOf.clear();
      this.from = place.seq + 1;
    }
    if (id !== null) {
      this.seqOf.set(id, place.seq);
      this.from = Math.min(this.from, place.seq);
    }
    this.tail = { seq: place.seq, hash: place.hash };
    for (const [oldest] of this.seqOf) {
      if (this.seqOf.size <= KNOWN_IDS) break;
      this.seqOf.delete(oldest);
      this.from += 1;
    }
  }

  /** Where `id` is after place `after`: its seq, null when not there, undefined when not known. */
  find(id: string, after: number): number | null | undefined {
    if (after + 1 < this.from) return undefined;
    const seq = this.seqOf.get(id);
    return seq !== undefined && seq > after ? seq : null;
  }
}

function placeOf(entry: StoredAuditEntry | null): { day: string; seq: number } {
  if (entry === null) throw new Error('A finished audit attempt has no outcome entry');
  return { day: dayOf(entry.at), seq: entry.seq };
}

function content(input: Omit<AuditEntry, 'id' | 'result'>) {
  const { actor, action, target, detail, runId, employeeId } = input;
  return { actor, action, target, detail, runId, employeeId };
}

/** Ids of a run's entries follow from the change, the attempt and the kind: every finisher agrees. */
function entryId(key: ItemKey, attempt: number, kind: 'begun' | 'outcome'): string {
  return `${key.sk.slice(AUDIT_CHANGE_PREFIX.length, AUDIT_CHANGE_PREFIX.length + 32)}-a${attempt}-${kind}`;
}

function begunBody(
  key: ItemKey,
  attempt: number,
  input: Omit<AuditEntry, 'id' | 'result'>,
  at: string,
): AuditBody {
  return {
    ...content(input),
    at,
    id: entryId(key, attempt, 'begun'),
    result: 'begun',
    attempt,
    begunId: null,
  };
}

function outcomeBody(
  begun: AuditBody,
  id: string,
  result: AuditOutcome,
  detail: string,
  at: string,
): AuditBody {
  return { ...content(begun), detail, at, id, result, attempt: begun.attempt, begunId: begun.id };
}

function refOf(begun: StoredAuditEntry, change: { runId: string; actionKey: string } | null): AuditRef {
  return {
    day: dayOf(begun.at),
    seq: begun.seq,
    id: begun.id,
    attempt: begun.attempt,
    change: change === null ? null : { runId: change.runId, actionKey: change.actionKey },
  };
}

/** A stored chain item as the walk sees it: the seq its key says, the entry if it still is one. */
function slotOf(item: Item): ChainSlot {
  const parsed = AuditItem.safeParse(item);
  return {
    seq: Number(keyOf(item).sk.slice(AUDIT_SEQ_PREFIX.length)),
    entry: parsed.success ? parsed.data : null,
    id: typeof item.id === 'string' ? item.id : null,
  };
}

/** Chaining onto a damaged entry still needs a hash; verification reports the damage. */
function stringHash(value: unknown): string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? value : GENESIS_HASH;
}

function order(entry: StoredAuditEntry): string {
  return `${entry.at}|${String(entry.seq).padStart(AUDIT_SEQ_DIGITS, '0')}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Exponential backoff with full jitter (AWS's advice for contended retries) before trying the
 * next place, so the losers of one race do not all collide again: 5 ms doubling, at most 500 ms.
 */
function backoff(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 5 * 2 ** round)));
}

/**
 * The audit log in memory, keeping what the contract asks of the trail: append-only, one hash
 * chain per UTC day, one `begun` entry per attempt at a run's change (claimed before it is
 * appended, so a re-run after a crash appends the claimed entry, once), one outcome per attempt.
 * The hash is this fake's own (SHA-256 of sorted-key JSON): the contract checks the links, not
 * the adapter's canonical form.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AuditOutcome } from '../../../functions/core/model/audit-results.ts';
import type {
  AuditEntry,
  AuditLog,
  AuditRef,
  AuditVerification,
  StoredAuditEntry,
} from '../../../functions/ports/records/audit-log.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import { copy, instant, pageOf } from './memory-pages.ts';

type Located = { ref: AuditRef; entry: StoredAuditEntry };
type Unsealed = Omit<StoredAuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** One attempt at a change: its entries as claimed, and where they are once appended. */
interface Attempt {
  begun: Unsealed;
  begunAt: StoredAuditEntry | null;
  outcome: Unsealed | null;
  outcomeAt: StoredAuditEntry | null;
}

const GENESIS = '0'.repeat(64);

export class InMemoryAuditLog implements AuditLog {
  /** Each UTC day's chain, in append order. */
  private readonly days = new Map<string, StoredAuditEntry[]>();
  /** The attempts at each run's change (`runId|actionKey`), oldest first. */
  private readonly changes = new Map<string, Attempt[]>();
  /** Outcomes of entries tied to no run, by the begun entry's id. */
  private readonly looseOutcomes = new Map<string, StoredAuditEntry>();
  private crashes = 0;

  constructor(private readonly now: () => Date) {}

  /** Makes the next append fail as a crash would cut it off: what was claimed before it stays. */
  crashBeforeNextAppend(): void {
    this.crashes += 1;
  }

  async beginAudit(
    runId: string | null,
    actionKey: string,
    input: Omit<AuditEntry, 'id' | 'result'>,
  ): Promise<Located> {
    const begun: Unsealed = {
      ...copy(input),
      at: instant(input.at, 'The time of an audit entry'),
      id: randomUUID(),
      result: 'begun',
      attempt: 1,
      begunId: null,
    };
    if (runId === null) {
      const entry = this.append(begun);
      return { ref: refOf(entry, null), entry: copy(entry) };
    }
    const change = { runId, actionKey };
    const attempts = this.changes.get(changeKey(change)) ?? [];
    this.changes.set(changeKey(change), attempts);
    const current = attempts.at(-1);
    if (current === undefined || current.outcome?.result === 'failed')
      attempts.push({
        begun: { ...begun, attempt: attempts.length + 1 },
        begunAt: null,
        outcome: null,
        outcomeAt: null,
      });
    const attempt = attempts.at(-1) as Attempt;
    attempt.begunAt ??= this.append(attempt.begun);
    return { ref: refOf(attempt.begunAt, change), entry: copy(attempt.begunAt) };
  }

  async findAuditEntry(runId: string, actionKey: string): Promise<Located | null> {
    const attempt = this.changes.get(changeKey({ runId, actionKey }))?.at(-1);
    if (attempt?.begunAt == null) return null;
    return {
      ref: refOf(attempt.begunAt, { runId, actionKey }),
      entry: copy(attempt.outcomeAt ?? attempt.begunAt),
    };
  }

  async completeAudit(
    ref: AuditRef,
    result: AuditOutcome,
    detail: string,
    at?: string,
  ): Promise<StoredAuditEntry | null> {
    const outcomeOf = (begun: Unsealed): Unsealed => ({
      ...begun,
      id: randomUUID(),
      at: instant(at ?? this.now().toISOString(), 'The time of an audit entry'),
      result,
      detail,
      begunId: begun.id,
    });
    if (ref.change === null) {
      const begun = this.days.get(ref.day)?.find((e) => e.id === ref.id);
      if (begun === undefined) throw new Error(`Audit entry ${ref.id} does not exist`);
      const outcome = this.looseOutcomes.get(ref.id) ?? this.append(outcomeOf(begun));
      this.looseOutcomes.set(ref.id, outcome);
      return copy(outcome);
    }
    const attempts = this.changes.get(changeKey(ref.change)) ?? [];
    const attempt = attempts[ref.attempt - 1];
    if (attempt?.begunAt == null || attempt.begunAt.id !== ref.id)
      throw new Error(`Attempt ${ref.attempt} at ${changeKey(ref.change)} does not exist`);
    if (ref.attempt < attempts.length) return null; // a later attempt has begun since
    attempt.outcome ??= outcomeOf(attempt.begun);
    attempt.outcomeAt ??= this.append(attempt.outcome);
    return copy(attempt.outcomeAt);
  }

  async runAudit(runId: string): Promise<Located[]> {
    const located: Array<Located & { order: number }> = [];
    for (const [key, attempts] of this.changes) {
      if (!key.startsWith(`${runId}|`)) continue;
      const change = { runId, actionKey: key.slice(runId.length + 1) };
      for (const attempt of attempts) {
        if (attempt.begunAt === null) continue;
        const ref = refOf(attempt.begunAt, change);
        for (const entry of [attempt.begunAt, attempt.outcomeAt])
          if (entry) located.push({ ref, entry: copy(entry), order: this.positionOf(entry) });
      }
    }
    return located
      .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.order - b.order)
      .map(({ ref, entry }) => ({ ref, entry }));
  }

  async listAudit(filter: {
    since: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<StoredAuditEntry>> {
    const since = instant(filter.since, 'since');
    const entries = [...this.days.keys()]
      .sort()
      .flatMap((day) => this.days.get(day) ?? [])
      .filter((e) => e.at >= since);
    const page = pageOf('audit', entries, (e) => `${e.at.slice(0, 10)}#${e.seq}`, filter);
    return { ...page, items: page.items.map(copy) };
  }

  async verifyAudit(filter: { since?: string }): Promise<AuditVerification> {
    const from = filter.since === undefined ? '' : instant(filter.since, 'since').slice(0, 10);
    let checked = 0;
    for (const day of [...this.days.keys()].sort().filter((d) => d >= from)) {
      let prevHash = GENESIS;
      for (const [i, entry] of (this.days.get(day) ?? []).entries()) {
        const problem =
          entry.seq !== i + 1
            ? 'reordered'
            : entry.prevHash !== prevHash || hashOf(entry) !== entry.hash
              ? 'edited'
              : null;
        if (problem) return { ok: false, checked, firstBroken: { day, seq: i + 1, id: entry.id, problem } };
        prevHash = entry.hash;
        checked += 1;
      }
    }
    return { ok: true, checked, firstBroken: null };
  }

  private append(entry: Unsealed): StoredAuditEntry {
    if (this.crashes > 0) {
      this.crashes -= 1;
      throw new Error('cut off before writing the audit entry');
    }
    const day = entry.at.slice(0, 10);
    const chain = this.days.get(day) ?? [];
    this.days.set(day, chain);
    const linked = { ...entry, seq: chain.length + 1, prevHash: chain.at(-1)?.hash ?? GENESIS };
    const sealed = { ...linked, hash: hashOf(linked) };
    chain.push(sealed);
    return sealed;
  }

  /** Append order across days, for entries written at the same instant. */
  private positionOf(entry: StoredAuditEntry): number {
    return Date.parse(`${entry.at.slice(0, 10)}T00:00:00Z`) + entry.seq;
  }
}

const changeKey = (change: { runId: string; actionKey: string }) => `${change.runId}|${change.actionKey}`;

function refOf(begun: StoredAuditEntry, change: AuditRef['change']): AuditRef {
  return { day: begun.at.slice(0, 10), seq: begun.seq, id: begun.id, attempt: begun.attempt, change };
}

function hashOf(entry: Omit<StoredAuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _itself, ...covered } = entry;
  const sorted = Object.fromEntries(Object.entries(covered).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted), 'utf8').digest('hex');
}

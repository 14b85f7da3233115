/**
 * The mass-change guard's records in memory, for unit tests of core/guard: changes counted once
 * each in a sliding window of whole minutes, and quarantine batches that runs join while one is
 * open. Written from the GuardStore port's contract, not from the DynamoDB adapter
 * (functions/adapters/dynamodb/guard-records.ts), which settles the same rules with conditions;
 * a run joining a batch as an admin decides it (`moved`) needs no race here. Batch ids are
 * `batch-1`, `batch-2`… in the order they open.
 */
import type { GuardKind } from '../../../functions/core/model/guard-kind.ts';
import type { GuardStore, HeldRun, QuarantineBatch } from '../../../functions/ports/guard-store.ts';
import { copy } from './memory-pages.ts';

const MINUTE_MS = 60_000;

export class InMemoryGuardStore implements GuardStore {
  /** Each counted change: its kind, when (to the minute), and the position it was answered. */
  private readonly changes = new Map<string, { kind: GuardKind; at: string; position: number }>();
  private readonly batches = new Map<string, QuarantineBatch>();
  private readonly open = new Map<GuardKind, string>();
  private readonly held = new Map<string, HeldRun>();
  private readonly tokens = new Map<string, string>();

  async countChange(kind: GuardKind, changeId: string, at: string, windowMinutes: number): Promise<number> {
    const key = `${kind}|${changeId}`;
    const counted = this.changes.get(key);
    if (counted) return counted.position;
    const minute = at.slice(0, 16);
    const from = new Date(Date.parse(at) - (windowMinutes - 1) * MINUTE_MS).toISOString().slice(0, 16);
    const earlier = [...this.changes.values()].filter(
      (c) => c.kind === kind && c.at.slice(0, 16) >= from && c.at.slice(0, 16) <= minute,
    ).length;
    const position = earlier + 1;
    this.changes.set(key, { kind, at, position });
    return position;
  }

  async hourlyCounts(kind: GuardKind, sinceAt: string): Promise<number[]> {
    const hours = new Map<string, number>();
    for (const c of this.changes.values())
      if (c.kind === kind && c.at.slice(0, 13) >= sinceAt.slice(0, 13))
        hours.set(c.at.slice(0, 13), (hours.get(c.at.slice(0, 13)) ?? 0) + 1);
    return [...hours.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, n]) => n);
  }

  async hold(
    kind: GuardKind,
    run: Omit<HeldRun, 'batchId' | 'decision' | 'decidedBy' | 'decidedAt'>,
    batch: { windowMinutes: number; limit: number },
  ): Promise<{ held: HeldRun; opened: boolean }> {
    const existing = this.held.get(run.runId);
    if (existing && existing.decision !== 'moved') return { held: copy(existing), opened: false };
    let batchId = this.open.get(kind);
    let opened = false;
    if (batchId === undefined || this.batches.get(batchId)?.status !== 'open') {
      batchId = `batch-${this.batches.size + 1}`;
      this.batches.set(batchId, { batchId, kind, openedAt: run.heldAt, status: 'open', ...batch });
      this.open.set(kind, batchId);
      opened = true;
    }
    const held: HeldRun = { ...run, batchId, decision: 'pending', decidedBy: null, decidedAt: null };
    this.held.set(run.runId, held);
    return { held: copy(held), opened };
  }

  async heldRun(runId: string): Promise<HeldRun | null> {
    const held = this.held.get(runId);
    return held === undefined ? null : copy(held);
  }

  async setHoldToken(runId: string, taskToken: string): Promise<boolean> {
    if (this.held.get(runId)?.decision !== 'pending') return false;
    this.tokens.set(runId, taskToken);
    return true;
  }

  async holdToken(runId: string): Promise<string | null> {
    return this.tokens.get(runId) ?? null;
  }

  async getBatch(batchId: string): Promise<QuarantineBatch | null> {
    const batch = this.batches.get(batchId);
    return batch === undefined ? null : copy(batch);
  }

  /** The batch each kind's runs join now (or last joined), as the adapter lists them. */
  async listBatches(): Promise<QuarantineBatch[]> {
    return [...this.open.values()].flatMap((id) => {
      const batch = this.batches.get(id);
      return batch ? [copy(batch)] : [];
    });
  }

  async batchRuns(batchId: string): Promise<HeldRun[]> {
    return [...this.held.values()].filter((r) => r.batchId === batchId).map(copy);
  }

  async closeBatch(batchId: string, _at: string): Promise<boolean> {
    const batch = this.batches.get(batchId);
    if (batch?.status !== 'open') return false;
    batch.status = 'decided';
    return true;
  }

  async decide(runId: string, decision: 'released' | 'discarded', by: string, at: string): Promise<boolean> {
    const held = this.held.get(runId);
    if (held?.decision !== 'pending') return false;
    Object.assign(held, { decision, decidedBy: by, decidedAt: at });
    return true;
  }
}

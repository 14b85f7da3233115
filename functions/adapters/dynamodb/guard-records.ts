/**
 * The mass-change guard's records (ports/guard-store.ts):
 *
 * | pk                    | sk              | what                                                   |
 * |-----------------------|-----------------|--------------------------------------------------------|
 * | GUARD#<kind>          | M#<minute>      | changes counted in that minute (`n`, ADD)              |
 * | GUARD#<kind>          | H#<hour>        | changes counted in that hour (the usual rate)          |
 * | GUARD#<kind>          | C#<changeId>    | a counted change and its position (counted once)       |
 * | GUARD#<kind>          | OPEN            | the batch runs of this kind join now                   |
 * | QUARANTINE#<batchId>  | BATCH           | the batch                                              |
 * | QUARANTINE#<batchId>  | RUN#<runId>     | a held run, its decision and its task token            |
 * | HELD#<runId>          | HELD            | which batch the run is in now                          |
 *
 * Races are settled by conditions: a run that joins a batch at the moment an admin decides it
 * whole either is decided with it, or marks itself `moved` (only while still pending) and joins
 * the next batch — never both, never neither.
 */
import { createHash } from 'node:crypto';
import { HeldRun, QuarantineBatch } from '../../contracts/records/guard.ts';
import type { GuardKind } from '../../core/model/guard-kind.ts';
import type { GuardStore } from '../../ports/guard-store.ts';
import { parseItem } from './record-schemas.ts';
import { keyOf, type RecordTable } from './record-table.ts';

const guardPk = (kind: GuardKind) => `GUARD#${kind}`;
const batchPk = (batchId: string) => `QUARANTINE#${batchId}`;
const K = {
  minute: (kind: GuardKind, at: string) => ({ pk: guardPk(kind), sk: `M#${at.slice(0, 16)}` }),
  hour: (kind: GuardKind, at: string) => ({ pk: guardPk(kind), sk: `H#${at.slice(0, 13)}` }),
  change: (kind: GuardKind, changeId: string) => ({ pk: guardPk(kind), sk: `C#${changeId}` }),
  open: (kind: GuardKind) => ({ pk: guardPk(kind), sk: 'OPEN' }),
  batch: (batchId: string) => ({ pk: batchPk(batchId), sk: 'BATCH' }),
  run: (batchId: string, runId: string) => ({ pk: batchPk(batchId), sk: `RUN#${runId}` }),
  held: (runId: string) => ({ pk: `HELD#${runId}`, sk: 'HELD' }),
};

export class GuardRecords implements GuardStore {
  constructor(private readonly table: RecordTable) {}

  async countChange(kind: GuardKind, changeId: string, at: string, windowMinutes: number): Promise<number> {
    const marker = K.change(kind, changeId);
    const counted = await this.table.get(marker);
    if (counted) return Number(counted.position);
    // A crash between the ADD and the marker counts the change twice on the retry: the guard then
    // errs on the side of holding, never of letting more through.
    const minute = await this.table.updateIf(K.minute(kind, at), {
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': 1 },
    });
    await this.table.updateIf(K.hour(kind, at), {
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': 1 },
    });
    const from = new Date(Date.parse(at) - (windowMinutes - 1) * 60_000).toISOString();
    let earlier = 0;
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': guardPk(kind),
        ':from': `M#${from.slice(0, 16)}`,
        ':to': `M#${at.slice(0, 16)}`,
      },
    }))
      if (item.sk !== K.minute(kind, at).sk) earlier += Number(item.n ?? 0);
    const position = earlier + Number(minute?.n ?? 1);
    if (await this.table.putIfAbsent({ ...marker, position, at })) return position;
    return Number((await this.table.get(marker))?.position ?? position);
  }

  async hourlyCounts(kind: GuardKind, sinceAt: string): Promise<number[]> {
    const counts: number[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': guardPk(kind), ':from': `H#${sinceAt.slice(0, 13)}`, ':to': 'H#~' },
    }))
      counts.push(Number(item.n ?? 0));
    return counts;
  }

  async hold(
    kind: GuardKind,
    run: Omit<HeldRun, 'batchId' | 'decision' | 'decidedBy' | 'decidedAt'>,
    batch: { windowMinutes: number; limit: number },
  ): Promise<{ held: HeldRun; opened: boolean }> {
    const existing = await this.heldRun(run.runId);
    if (existing && existing.decision !== 'moved') return { held: existing, opened: false };
    for (let attempt = 1; attempt <= 10; attempt++) {
      const { batchId, opened } = await this.openBatch(kind, run.heldAt, batch);
      const held: HeldRun = { ...run, batchId, decision: 'pending', decidedBy: null, decidedAt: null };
      const key = K.run(batchId, run.runId);
      await this.table.putIfAbsent({ ...key, ...parseItem(HeldRun, held, key) });
      await this.table.put({ ...K.held(run.runId), batchId });
      const now = await this.getBatch(batchId);
      if (now?.status === 'open') return { held, opened };
      // Decided as a whole while this run joined: either the decision took it, or it moves on.
      const moved = await this.table.updateIf(key, {
        UpdateExpression: 'SET decision = :moved',
        ConditionExpression: 'decision = :pending',
        ExpressionAttributeValues: { ':moved': 'moved', ':pending': 'pending' },
      });
      if (moved === null) return { held: (await this.heldRun(run.runId)) as HeldRun, opened };
    }
    throw new Error(`Could not hold run ${run.runId}: batches kept being decided while it joined; try again`);
  }

  private async openBatch(
    kind: GuardKind,
    at: string,
    batch: { windowMinutes: number; limit: number },
  ): Promise<{ batchId: string; opened: boolean }> {
    const pointer = await this.table.get(K.open(kind));
    if (typeof pointer?.batchId === 'string') {
      // The run that moved the pointer writes the batch next; one that reads the pointer first
      // writes the same open batch itself, so no run opens a second one meanwhile, and a batch
      // whose opener stopped between the two writes still exists.
      const current = await this.writeBatch(pointer.batchId, kind, at, batch);
      if (current.status === 'open') return { batchId: current.batchId, opened: false };
    }
    const batchId = `${at.slice(0, 19).replace(/[-:]/g, '')}-${createHash('sha256').update(`${kind}|${at}|${Math.random()}`).digest('hex').slice(0, 8)}`;
    const moved = await this.table.putIf(
      { ...K.open(kind), batchId },
      pointer
        ? { ConditionExpression: 'batchId = :old', ExpressionAttributeValues: { ':old': pointer.batchId } }
        : { ConditionExpression: 'attribute_not_exists(pk)' },
    );
    if (!moved) return this.openBatch(kind, at, batch); // another run opened one first: join it
    await this.writeBatch(batchId, kind, at, batch);
    return { batchId, opened: true };
  }

  /** The batch as first written: an open one unless it already exists (then as it is). */
  private async writeBatch(
    batchId: string,
    kind: GuardKind,
    at: string,
    batch: { windowMinutes: number; limit: number },
  ): Promise<QuarantineBatch> {
    const existing = await this.getBatch(batchId);
    if (existing) return existing;
    const key = K.batch(batchId);
    const record: QuarantineBatch = { batchId, kind, openedAt: at, status: 'open', ...batch };
    await this.table.putIfAbsent({ ...key, ...parseItem(QuarantineBatch, record, key) });
    return (await this.getBatch(batchId)) ?? record;
  }

  async heldRun(runId: string): Promise<HeldRun | null> {
    const pointer = await this.table.get(K.held(runId));
    if (typeof pointer?.batchId !== 'string') return null;
    const item = await this.table.get(K.run(pointer.batchId, runId));
    return item ? parseItem(HeldRun, item, keyOf(item)) : null;
  }

  async setHoldToken(runId: string, taskToken: string): Promise<boolean> {
    const held = await this.heldRun(runId);
    if (!held) return false;
    const updated = await this.table.updateIf(K.run(held.batchId, runId), {
      UpdateExpression: 'SET taskToken = :token',
      ConditionExpression: 'decision = :pending',
      ExpressionAttributeValues: { ':token': taskToken, ':pending': 'pending' },
    });
    return updated !== null;
  }

  async holdToken(runId: string): Promise<string | null> {
    const held = await this.heldRun(runId);
    if (!held) return null;
    const item = await this.table.get(K.run(held.batchId, runId));
    return typeof item?.taskToken === 'string' ? item.taskToken : null;
  }

  async getBatch(batchId: string): Promise<QuarantineBatch | null> {
    const item = await this.table.get(K.batch(batchId));
    return item ? parseItem(QuarantineBatch, item, keyOf(item)) : null;
  }

  async listBatches(): Promise<QuarantineBatch[]> {
    const batches: QuarantineBatch[] = [];
    for (const kind of ['terminations'] as const) {
      const pointer = await this.table.get(K.open(kind));
      if (typeof pointer?.batchId !== 'string') continue;
      const batch = await this.getBatch(pointer.batchId);
      if (batch) batches.push(batch);
    }
    return batches;
  }

  async batchRuns(batchId: string): Promise<HeldRun[]> {
    const runs: HeldRun[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
      ExpressionAttributeValues: { ':pk': batchPk(batchId), ':run': 'RUN#' },
    }))
      runs.push(parseItem(HeldRun, item, keyOf(item)));
    return runs;
  }

  async closeBatch(batchId: string, _at: string): Promise<boolean> {
    const closed = await this.table.updateIf(K.batch(batchId), {
      UpdateExpression: 'SET #status = :decided',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':decided': 'decided', ':open': 'open' },
    });
    return closed !== null;
  }

  async decide(runId: string, decision: 'released' | 'discarded', by: string, at: string): Promise<boolean> {
    const held = await this.heldRun(runId);
    if (!held) return false;
    const decided = await this.table.updateIf(K.run(held.batchId, runId), {
      UpdateExpression: 'SET decision = :decision, decidedBy = :by, decidedAt = :at',
      ConditionExpression: 'decision = :pending',
      ExpressionAttributeValues: { ':decision': decision, ':by': by, ':at': at, ':pending': 'pending' },
    });
    return decided !== null;
  }
}

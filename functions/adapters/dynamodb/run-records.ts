/**
 * Workflow runs. A run is one item; its status is mirrored into gsi1 (`RUNSTATUS#<status>`,
 * `<startedAt>#<runId>`) so "runs with this status, newest first" is one query. A person's runs
 * are found through pointer items in the person's partition (`PERSON#<id>` / `RUN#<startedAt>#<runId>`):
 * a person has few runs, so the pointers are one short query newest first, with no second index
 * and without filtering through every run of every person (the one GSI is taken by status).
 */

import { ConcurrentUpdateError } from '../../core/errors.ts';
import type { AccessCut } from '../../core/model/access-cuts.ts';
import type { RunStatus } from '../../core/model/run-statuses.ts';
import { RunStatuses } from '../../core/model/run-statuses.ts';
import type {
  CutProgress,
  RunFinishGuard,
  RunRecord,
  RunRestart,
  RunStep,
  Runs,
} from '../../ports/records/runs.ts';
import { canonicalInstant, Keys, PERSON_RUN_PREFIX } from './keys.ts';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.ts';
import { PersonRunItem, parseItem, RunItem } from './record-schemas.ts';
import { type Item, keyOf, type RecordTable, take } from './record-table.ts';
import { listNewestFirst } from './status-listing.ts';

export interface RunEnd {
  status: RunStatus;
  outcome: string;
  summary: string;
  finishedAt: string | null;
}

export class RunRecords implements Runs {
  constructor(private readonly table: RecordTable) {}

  /**
   * The run item first, then the person's pointer. The pointer is written on every call (the
   * same item each time), so a crash between the two is repaired by the duplicate that follows.
   */
  async createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }> {
    const startedAt = canonicalInstant(run.startedAt, `The start of run ${run.runId}`);
    const key = Keys.run(run.runId);
    const item = parseItem(RunItem, toItem({ ...run, startedAt }), key);
    const created = await this.table.putIfAbsent({
      ...key,
      ...Keys.runStatus(run.status, startedAt, run.runId),
      ...item,
    });
    const stored = created ? fromItem(item) : await this.getRun(run.runId);
    if (stored === null) throw new Error(`Run ${run.runId} was deleted while it was being created`);
    if (stored.employeeId !== null) {
      await this.table.put({
        ...Keys.personRun(stored.employeeId, stored.startedAt, stored.runId),
        runId: stored.runId,
      });
    }
    return { created, run: stored };
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const item = await this.table.get(Keys.run(runId));
    return item === null ? null : parseRun(item);
  }

  /**
   * Steps are a map keyed by step name plus a list of names in first-seen order. The first
   * occurrence adds the entry and appends its name in one conditional update, so the order holds
   * under concurrency and needs no clock; a later occurrence replaces the entry in place (a re-run
   * converges instead of piling up). No read-modify-write, so no version to conflict on.
   */
  async recordRunStep(runId: string, step: RunStep): Promise<RunStatus> {
    if (step.step === '') throw new Error(`A step of run ${runId} needs a name`);
    const key = Keys.run(runId);
    const entry = { step: step.step, at: step.at, result: step.result, detail: step.detail };
    const names = { '#steps': 'steps', '#name': step.step };
    const added = await this.table.updateIf(key, {
      UpdateExpression:
        'SET #steps.#name = :entry, #order = list_append(if_not_exists(#order, :none), :names)',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#steps.#name)',
      ExpressionAttributeNames: { ...names, '#order': 'stepOrder' },
      ExpressionAttributeValues: { ':entry': entry, ':names': [step.step], ':none': [] },
    });
    const written =
      added ??
      (await this.table.updateIf(key, {
        UpdateExpression: 'SET #steps.#name = :entry',
        ConditionExpression: 'attribute_exists(#steps.#name)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':entry': entry },
      }));
    if (written === null) throw new Error(`Run ${runId} does not exist; cannot record step ${step.step}`);
    return parseItem(RunItem, written, keyOf(written)).status;
  }

  /**
   * One cut's entry is one attribute of the run item, replaced whole on condition that its `rev`
   * is still the one read (or that it is absent), so two writers never lose each other's change.
   */
  async updateRunCut(
    runId: string,
    cut: AccessCut,
    change: (current: CutProgress | null) => Omit<CutProgress, 'rev'>,
  ): Promise<{ before: CutProgress | null; after: CutProgress }> {
    const attribute = `cut_${cut}` as const;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const run = await this.table.get(Keys.run(runId));
      if (run === null) throw new Error(`Run ${runId} does not exist; cannot record its ${cut} cut`);
      const before = parseItem(RunItem, run, keyOf(run))[attribute] ?? null;
      const after: CutProgress = { ...change(before), rev: (before?.rev ?? 0) + 1 };
      const written = await this.table.updateIf(Keys.run(runId), {
        UpdateExpression: 'SET #cut = :after',
        ConditionExpression: before === null ? 'attribute_not_exists(#cut)' : '#cut.#rev = :rev',
        ExpressionAttributeNames: { '#cut': attribute, ...(before && { '#rev': 'rev' }) },
        ExpressionAttributeValues: { ':after': after, ...(before && { ':rev': before.rev }) },
      });
      if (written !== null) return { before, after };
    }
    throw new ConcurrentUpdateError(`The ${cut} cut of run ${runId} kept changing under this update`);
  }

  async setRunWaiting(
    runId: string,
    to: 'running' | 'waiting-approval',
    from: 'running' | 'waiting-approval',
  ): Promise<boolean> {
    const updated = await this.table.updateIf(Keys.run(runId), {
      UpdateExpression: 'SET #status = :to, #gpk = :gpk',
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status', '#gpk': 'gsi1pk' },
      ExpressionAttributeValues: { ':to': to, ':from': from, ':gpk': Keys.runStatusPartition(to) },
    });
    return updated !== null;
  }

  /**
   * One conditional update: the current steps are appended to `earlierAttempts` with how that
   * execution ended, the steps are emptied, and the new execution owns the run — only while the
   * run is still the expected execution's, in one of the expected statuses.
   */
  async restartRun(runId: string, next: RunRestart): Promise<RunRecord | null> {
    const current = await this.getRun(runId);
    if (current === null || current.executionName !== next.expectedExecutionName) return null;
    if (!next.from.includes(current.status)) return null;
    const earlier = {
      executionName: current.executionName,
      endedAs:
        current.status === 'running' || current.status === 'waiting-approval'
          ? 'interrupted'
          : `${current.status}${current.outcome ? ` (${current.outcome})` : ''}`,
      supersededAt: next.at,
      by: next.by,
      steps: current.steps,
      ...(current.cuts && { cuts: current.cuts }),
    };
    const statusValues = Object.fromEntries(next.from.map((status, i) => [`:from${i}`, status]));
    const updated = await this.table.updateIf(Keys.run(runId), {
      UpdateExpression:
        'SET #earlier = list_append(if_not_exists(#earlier, :none), :earlier), #steps = :noSteps, #order = :none, #exec = :exec, #status = :running, #outcome = :null, #finishedAt = :null, #gpk = :gpk REMOVE cut_trello, cut_idp',
      ConditionExpression: `#exec = :expected AND #status IN (${Object.keys(statusValues).join(', ')})`,
      ExpressionAttributeNames: {
        '#earlier': 'earlierAttempts',
        '#steps': 'steps',
        '#order': 'stepOrder',
        '#exec': 'executionName',
        '#status': 'status',
        '#outcome': 'outcome',
        '#finishedAt': 'finishedAt',
        '#gpk': 'gsi1pk',
      },
      ExpressionAttributeValues: {
        ':earlier': [earlier],
        ':none': [],
        ':noSteps': {},
        ':exec': next.executionName,
        ':expected': next.expectedExecutionName,
        ':running': 'running',
        ':null': null,
        ':gpk': Keys.runStatusPartition('running'),
        ...statusValues,
      },
    });
    return updated === null ? null : parseRun(updated);
  }

  /**
   * Moves the run to its end status; gsi1sk (`<startedAt>#<runId>`) stays, only the partition
   * changes. With `only`, the same write conditional on the run's status and execution.
   */
  async finishRun(runId: string, end: RunEnd, only?: RunFinishGuard): Promise<RunRecord | null> {
    const statusValues = Object.fromEntries((only?.from ?? []).map((status, i) => [`:from${i}`, status]));
    const updated = await this.table.updateIf(Keys.run(runId), {
      UpdateExpression:
        'SET #status = :status, #outcome = :outcome, #summary = :summary, #finishedAt = :finishedAt, #gpk = :gpk',
      ConditionExpression: only
        ? `attribute_exists(pk) AND #exec = :exec AND #status IN (${Object.keys(statusValues).join(', ')})`
        : 'attribute_exists(pk)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#outcome': 'outcome',
        '#summary': 'summary',
        '#finishedAt': 'finishedAt',
        '#gpk': 'gsi1pk',
        ...(only && { '#exec': 'executionName' }),
      },
      ExpressionAttributeValues: {
        ':status': end.status,
        ':outcome': end.outcome,
        ':summary': end.summary,
        ':finishedAt': end.finishedAt,
        ':gpk': Keys.runStatusPartition(end.status),
        ...(only && { ':exec': only.executionName, ...statusValues }),
      },
    });
    if (updated !== null) return parseRun(updated);
    if (only) return null;
    throw new Error(`Run ${runId} does not exist; cannot finish it`);
  }

  /** Newest first. Without a status, the seven status partitions are merged (never a scan). */
  async listRuns(filter: {
    status?: RunStatus;
    employeeId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<{ items: RunRecord[]; nextCursor: string | null }> {
    const size = pageSize(filter.limit);
    if (filter.employeeId !== undefined) return this.listPersonRuns(filter.employeeId, filter, size);
    const listing = `runs|status=${filter.status ?? '*'}`;
    const statuses = filter.status === undefined ? RunStatuses : [filter.status];
    const page = await listNewestFirst(
      this.table,
      statuses.map((status) => ({ gsi1pk: Keys.runStatusPartition(status) })),
      decodeCursor(listing, filter.cursor),
      size,
    );
    return {
      items: page.items.map(parseRun),
      nextCursor: page.resumeAfter === null ? null : encodeCursor(listing, page.resumeAfter),
    };
  }

  /** The person's run pointers newest first; with a status, runs are read and filtered page by page. */
  private async listPersonRuns(
    employeeId: string,
    filter: { status?: RunStatus; cursor?: string | null },
    size: number,
  ): Promise<{ items: RunRecord[]; nextCursor: string | null }> {
    const listing = `runs|person=${employeeId}|status=${filter.status ?? '*'}`;
    const after = decodeCursor(listing, filter.cursor, (sk) => sk.startsWith(PERSON_RUN_PREFIX));
    const pk = Keys.personRuns(employeeId);
    const pointers = this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': PERSON_RUN_PREFIX },
      ExclusiveStartKey: after === null ? undefined : { pk, sk: after },
      ScanIndexForward: false,
      Limit: size + 1,
    });
    const found: Array<{ pointer: string; run: RunRecord }> = [];
    // One past the page, to know whether another page exists.
    while (found.length <= size) {
      const batch = await take(pointers, size + 1 - found.length);
      if (batch.length === 0) break;
      const runs = await Promise.all(
        batch.map(async (pointer) => ({
          pointer: keyOf(pointer).sk,
          run: await this.getRun(pointedRun(pointer)),
        })),
      );
      for (const { pointer, run } of runs) {
        // A pointer always follows its run (createRun); a missing run was deleted by hand.
        if (run && (filter.status === undefined || run.status === filter.status))
          found.push({ pointer, run });
      }
    }
    const page = found.slice(0, size);
    const last = page.at(-1);
    return {
      items: page.map((f) => f.run),
      nextCursor: found.length > size && last ? encodeCursor(listing, last.pointer) : null,
    };
  }
}

function pointedRun(pointer: Item): string {
  return parseItem(PersonRunItem, pointer, keyOf(pointer)).runId;
}

function parseRun(item: Item): RunRecord {
  return fromItem(parseItem(RunItem, item, keyOf(item)));
}

/** A run as stored: steps keyed by name (a repeated name keeps its first place, the last entry wins). */
function toItem({ cuts, ...run }: RunRecord): RunItem {
  const steps = new Map<string, RunStep>();
  for (const { step, at, result, detail } of run.steps) steps.set(step, { step, at, result, detail });
  return {
    ...run,
    steps: Object.fromEntries(steps),
    stepOrder: [...steps.keys()],
    ...(cuts?.trello && { cut_trello: cuts.trello }),
    ...(cuts?.idp && { cut_idp: cuts.idp }),
  };
}

function fromItem(item: RunItem): RunRecord {
  const { stepOrder, steps, cut_trello, cut_idp, ...run } = item;
  // Steps missing from the list were recorded before it existed, so they come first.
  const listed = new Set(stepOrder);
  const names = [...Object.keys(steps).filter((name) => !listed.has(name)), ...listed];
  const cuts = { ...(cut_trello && { trello: cut_trello }), ...(cut_idp && { idp: cut_idp }) };
  return {
    ...run,
    steps: names.flatMap((name) => {
      const entry = Object.hasOwn(steps, name) ? steps[name] : undefined;
      return entry ? [entry] : [];
    }),
    ...(Object.keys(cuts).length > 0 && { cuts }),
  };
}

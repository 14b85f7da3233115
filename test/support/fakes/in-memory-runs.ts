/** Runs in memory: created once, steps replaced by name in first-seen order, listed newest first. */
import type { AccessCut } from '../../../functions/core/model/access-cuts.ts';
import type { RunStatus } from '../../../functions/core/model/run-statuses.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import type {
  CutProgress,
  RunFinishGuard,
  RunRecord,
  RunRestart,
  RunStep,
  Runs,
} from '../../../functions/ports/records/runs.ts';
import { copy, instant, pageOf } from './memory-pages.ts';

export class InMemoryRuns implements Runs {
  private readonly runs = new Map<string, RunRecord>();

  async createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }> {
    const existing = this.runs.get(run.runId);
    if (existing) return { created: false, run: copy(existing) };
    const stored = { ...copy(run), startedAt: instant(run.startedAt, 'startedAt') };
    this.runs.set(run.runId, stored);
    return { created: true, run: copy(stored) };
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const run = this.runs.get(runId);
    return run === undefined ? null : copy(run);
  }

  async setRunWaiting(
    runId: string,
    to: 'running' | 'waiting-approval',
    from: 'running' | 'waiting-approval',
  ): Promise<boolean> {
    const run = this.runs.get(runId);
    if (run?.status !== from) return false;
    run.status = to;
    return true;
  }

  async restartRun(runId: string, next: RunRestart): Promise<RunRecord | null> {
    const run = this.runs.get(runId);
    if (run === undefined || run.executionName !== next.expectedExecutionName) return null;
    if (!next.from.includes(run.status)) return null;
    const ended = run.status === 'running' || run.status === 'waiting-approval';
    run.earlierAttempts = [
      ...(run.earlierAttempts ?? []),
      {
        executionName: run.executionName,
        endedAs: ended ? 'interrupted' : `${run.status}${run.outcome ? ` (${run.outcome})` : ''}`,
        supersededAt: next.at,
        by: next.by,
        steps: run.steps,
        ...(run.cuts && { cuts: run.cuts }),
      },
    ];
    Object.assign(run, {
      executionName: next.executionName,
      status: 'running',
      outcome: null,
      finishedAt: null,
      steps: [],
    });
    delete run.cuts;
    return copy(run);
  }

  async recordRunStep(runId: string, step: RunStep): Promise<RunStatus> {
    const run = this.runs.get(runId);
    if (run === undefined) throw new Error(`Run ${runId} does not exist; cannot record step ${step.step}`);
    const at = run.steps.findIndex((s) => s.step === step.step);
    if (at === -1) run.steps.push(copy(step));
    else run.steps[at] = copy(step);
    return run.status;
  }

  async finishRun(
    runId: string,
    end: { status: RunStatus; outcome: string; summary: string; finishedAt: string | null },
    only?: RunFinishGuard,
  ): Promise<RunRecord | null> {
    const run = this.runs.get(runId);
    if (only && (run?.executionName !== only.executionName || !only.from.includes(run.status))) return null;
    if (run === undefined) throw new Error(`Run ${runId} does not exist; cannot finish it`);
    Object.assign(run, copy(end));
    return copy(run);
  }

  async updateRunCut(
    runId: string,
    cut: AccessCut,
    change: (current: CutProgress | null) => Omit<CutProgress, 'rev'>,
  ): Promise<{ before: CutProgress | null; after: CutProgress }> {
    const run = this.runs.get(runId);
    if (run === undefined) throw new Error(`Run ${runId} does not exist; cannot record its ${cut} cut`);
    // Read and written with no await between: nothing else can change the cut in the meantime.
    const before = run.cuts?.[cut] ?? null;
    const after: CutProgress = {
      ...change(before === null ? null : copy(before)),
      rev: (before?.rev ?? 0) + 1,
    };
    run.cuts = { ...run.cuts, [cut]: after };
    return { before, after: copy(after) };
  }

  async listRuns(filter: {
    status?: RunStatus;
    employeeId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<RunRecord>> {
    const newestFirst = [...this.runs.values()]
      .filter((r) => filter.status === undefined || r.status === filter.status)
      .filter((r) => filter.employeeId === undefined || r.employeeId === filter.employeeId)
      .sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
    const listing = `runs|status=${filter.status ?? '*'}|person=${filter.employeeId ?? '*'}`;
    const page = pageOf(listing, newestFirst, sortKey, filter);
    return { ...page, items: page.items.map(copy) };
  }
}

const sortKey = (run: RunRecord) => `${run.startedAt}#${run.runId}`;

/**
 * How a benchmark runs a batch workflow (a sweep, a reconciliation) on the local stack: started
 * with a POST to the admin API as an admin would, waited for, and timed from that request to the
 * execution's end (not to the poll that noticed it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunRecord } from '../functions/ports/records/runs.ts';
import type { LocalStackOptions } from '../infra/local/local-stack.ts';
import type { HistoryEvent } from '../infra/local/runtime/execution-history.ts';
import { type StackHarness, startStackHarness } from '../test/support/local-stack-harness.ts';

/** Runs `use` on a local stack of its own (in memory, in a fresh data dir), removed after. */
export async function withBenchStack<T>(
  name: string,
  options: Partial<LocalStackOptions>,
  use: (h: StackHarness) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `lanyard-bench-${name}-`));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const h = await startStackHarness({ dataDir, inMemory: true, ...options });
  try {
    return await use(h);
  } finally {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What every batch benchmark reports of a finished run: Trello's refusals, its status, its history. */
export function runFigures(h: StackHarness, run: RunRecord, history: HistoryEvent[]) {
  return {
    rateLimited: h.stack.trello.calls().rateLimited,
    lockouts: h.stack.trello.rateLimitStats().lockouts,
    historyEvents: history.length,
    /** Step Functions' limit on one execution's history. */
    historyLimit: 25_000,
    status: run.status,
  };
}

export async function runBatchToEnd(
  h: StackHarness,
  start: { path: string; body: unknown; idField: string },
  runIdOf: (id: string) => string,
  stateMachineArn: string,
): Promise<{ id: string; run: RunRecord; history: HistoryEvent[]; wallMs: number }> {
  const started = Date.now();
  const response = await fetch(`${h.stack.api.url}${start.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(start.body),
  });
  if (response.status !== 202) throw new Error(`POST ${start.path} answered ${response.status}`);
  const id = ((await response.json()) as Record<string, string>)[start.idField];
  if (id === undefined) throw new Error(`POST ${start.path} answered no ${start.idField}`);
  // Polled twice a second: a tighter poll would load the DynamoDB stand-in the run is using.
  let run = await h.records.runs.getRun(runIdOf(id));
  while (run === null || run.status === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    run = await h.records.runs.getRun(runIdOf(id));
  }
  const execution = h.stack.runtime.executions.list(stateMachineArn).find((e) => e.name === id);
  const history = execution ? h.stack.runtime.executions.history(execution.executionArn) : [];
  return { id, run, history, wallMs: Math.round((execution?.stopDate ?? Date.now()) - started) };
}

/** What the sweep tests share: their sweep config, idle members on the simulator, a started sweep. */
import { expect } from 'vitest';
import { sweepRunId } from '../../functions/core/lifecycle/run-ids.ts';
import type { RunRecord } from '../../functions/ports/records/runs.ts';
import { adminRequest, type StackHarness, waitFor } from './local-stack-harness.ts';

/** Idle = not active for 90 days; no schedule (the tests start every sweep). */
export const TEST_SWEEP_CONFIG = {
  schedule: null,
  mode: 'report',
  inactiveDays: 90,
  graceDays: 30,
  allowList: [] as string[],
  askFirst: { from: 'it@example.com', answerDays: 7 },
} as const;

/** Well before any cutoff the tests use. */
export const LONG_AGO = '2026-01-10T09:00:00.000Z';

let made = 0;
/** A licensed member of the simulator, last active LONG_AGO unless `extra` says otherwise. */
export async function idleMember(
  h: StackHarness,
  extra: Record<string, unknown> = {},
  email = `idle${++made}.${Date.now()}@example.com`,
): Promise<{ id: string; email: string }> {
  const m = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: `Idle ${made}`,
    licensed: true,
    dateLastImpression: LONG_AGO,
    ...extra,
  });
  return { id: m.id, email };
}

/** Starts a sweep through the admin API and waits until its run's status passes `until`. */
export async function startSweep(
  h: StackHarness,
  mode: 'report' | 'approve' | 'auto',
  until: (status: string) => boolean = (s) => s !== 'running',
): Promise<{ sweepId: string; run: RunRecord }> {
  const { id, run } = await startBatchRun(h, '/admin/sweeps', { mode }, 'sweepId', sweepRunId, until);
  return { sweepId: id, run };
}

/**
 * Starts a batch run (a sweep, a reconciliation) with a POST to the admin API, which answers its
 * id under `idField`, and waits until its run's status passes `until`.
 */
export async function startBatchRun(
  h: StackHarness,
  path: string,
  body: unknown,
  idField: string,
  runIdOf: (id: string) => string,
  until: (status: string) => boolean = (s) => s !== 'running',
): Promise<{ id: string; run: RunRecord }> {
  const started = await adminRequest(h, 'POST', path, body);
  expect(started.status).toBe(202);
  const id = String(started.json[idField]);
  const run = await waitFor(
    `${path} ${id}`,
    async () => {
      const r = await h.records.runs.getRun(runIdOf(id));
      return r && until(r.status) ? r : null;
    },
    120_000,
  );
  return { id, run };
}

/** The mass-change guard on, as deployed, but for a batch reclaim limit of `maxCount` (no share). */
export function guardWithReclaimLimit(maxCount: number) {
  return {
    terminations: { maxCount: 50, windowMinutes: 60, maxShare: 0.05, urgentMaxCount: 200 },
    reclaims: { maxCount, maxShare: null },
  };
}

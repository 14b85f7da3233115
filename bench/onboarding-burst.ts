/**
 * An onboarding burst on the local stack: N hires of free managed accounts at once, against the
 * Trello simulator with its rate-limit windows shrunk (same ratios). Trello's limits bound the
 * work: the floor is (Trello calls made) ÷ (100 calls per token window). Reports the wall time
 * against that floor, the calls per hire, and the 429s drawn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CallSecond } from '../infra/local/simulators/trello/call-stats.ts';
import {
  hrEvent,
  startOnboarding,
  startStackHarness,
  waitForExecution,
} from '../test/support/local-stack-harness.ts';

export interface BurstResult {
  name: string;
  hires: number;
  timeScale: number;
  trelloCalls: number;
  callsPerHire: number;
  rateLimited: number;
  lockouts: number;
  wallMs: number;
  floorMs: number;
  ratioToFloor: number;
  succeeded: number;
}

/** The figures, and Trello requests per second from the burst's start (the chart's). */
export interface BurstRun {
  result: BurstResult;
  timeline: CallSecond[];
}

export async function onboardingBurst(
  hires: number,
  timeScale: number,
  options: { trelloLimits?: boolean } = {},
): Promise<BurstRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-bench-'));
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const h = await startStackHarness({
    dataDir,
    inMemory: true,
    trelloPreset: 'tiny',
    trelloTimeScale: timeScale,
  });
  try {
    await h.control('POST', '/enterprise', { maxMembers: 100_000 });
    const emails = Array.from({ length: hires }, (_, i) => `burst.${i}@example.com`);
    for (const email of emails) await h.control('POST', '/members', { email, fullName: `Burst ${email}` });
    await h.control('POST', '/rate-limits', { reset: true, enabled: options.trelloLimits ?? true });
    h.stack.trello.resetCalls();

    const started = performance.now();
    const arns = await Promise.all(
      emails.map((email) => startOnboarding(h, hrEvent('employee.hired', { email, department: 'Design' }))),
    );
    // One listing poll for the whole burst (a poll per execution would load the runtime itself).
    const pending = new Set(arns);
    while (pending.size > 0) {
      await new Promise((r) => setTimeout(r, 100));
      for (const record of h.stack.runtime.executions.list(h.stack.onboardingArn)) {
        if (record.status !== 'RUNNING') pending.delete(record.executionArn);
      }
    }
    const wallMs = performance.now() - started;
    const done = await Promise.all(arns.map((arn) => waitForExecution(h, arn)));

    const calls = h.stack.trello.calls();
    const limits = h.stack.trello.rateLimitStats();
    // One token: 100 calls per 10 s window, scaled.
    const floorMs = (calls.total / 100) * 10_000 * timeScale;
    const result: BurstResult = {
      name: 'onboarding-burst',
      hires,
      timeScale,
      trelloCalls: calls.total,
      callsPerHire: calls.total / hires,
      rateLimited: calls.rateLimited,
      lockouts: limits.lockouts,
      wallMs: Math.round(wallMs),
      floorMs: Math.round(floorMs),
      ratioToFloor: Number((wallMs / floorMs).toFixed(3)),
      succeeded: done.filter((d) => d.status === 'SUCCEEDED').length,
    };
    return { result, timeline: h.stack.trello.callTimeline() };
  } finally {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * An offboarding run's unit-test surroundings: the records in memory with the run and the leaver's
 * profile (owned by the run), the cut clock, and recording notifier and metrics.
 */
import type { CutClock } from '../../functions/core/offboarding/cut-clock.ts';
import { aProfile } from './builders.ts';
import { inMemoryRecords } from './fakes/in-memory-records.ts';
import { RecordingMetrics } from './fakes/recording-metrics.ts';
import { RecordingNotifier } from './fakes/recording-notifier.ts';
import { aRunContext, aRunRecordOf, fixedClock, NOW } from './run-builders.ts';

export const LEAVER = aRunContext({
  runId: 'run-evt-term',
  executionName: 'exec-evt-term',
  actor: 'hr:evt-term',
});

/** Due now, held to a five-minute SLO, trying for a day. */
export const CUT_CLOCK: CutClock = {
  effectiveAt: NOW,
  dueAt: NOW,
  sloSeconds: 300,
  giveUpAt: '2026-12-02T09:00:00.000Z',
};

export async function anOffboarding(run = LEAVER) {
  const records = inMemoryRecords(() => new Date(NOW));
  await records.people.putProfile(aProfile({ lifecycle: 'offboarding', currentRunId: run.runId }), null);
  await records.runs.createRun(aRunRecordOf(run, 'offboarding', 'evt-term'));
  const clock = fixedClock();
  const notifier = new RecordingNotifier();
  const metrics = new RecordingMetrics();
  const base = { ...records, clock, notifier, metrics, offboarding: { consoleUrl: null } };
  return { records, clock, notifier, metrics, base };
}

/**
 * listSweeps: the sweeps newest first, found among the runs (a sweep's run is `sweep:<id>`), with
 * each run's status and story; a run without a sweep record is not one of Lanyard's sweeps.
 * Records in memory.
 */
import { describe, expect, it } from 'vitest';
import { listSweeps } from '../../../functions/core/admin/list-sweeps.ts';
import { sweepRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import type { RunRecord } from '../../../functions/ports/records/runs.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';

const at = (minute: number) => `2026-12-01T09:${String(minute).padStart(2, '0')}:00.000Z`;

const aRun = (
  runId: string,
  kind: RunRecord['kind'],
  startedAt: string,
  executionName = runId,
): RunRecord => ({
  runId,
  kind,
  employeeId: kind === 'sweep' ? null : 'E1001',
  executionName,
  eventId: null,
  status: 'succeeded',
  outcome: kind === 'sweep' ? 'reclaimed' : null,
  summary: `${kind} ${runId}`,
  dryRun: false,
  startedAt,
  finishedAt: null,
  steps: [],
});

async function prepare() {
  const records = inMemoryRecords();
  /** A sweep begun at `startedAt`, its record written before its run (as Begin Sweep does). */
  const sweep = async (sweepId: string, startedAt: string) => {
    await records.sweeps.createSweep({
      sweepId,
      mode: 'auto',
      dryRun: false,
      inactiveSince: '2026-09-02',
      requestedBy: 'schedule:weekly',
      status: 'finished',
      startedAt,
      finishedAt: null,
      seatsBefore: 40,
      seatsAfter: 35,
    });
    await records.runs.createRun(aRun(sweepRunId(sweepId), 'sweep', startedAt, sweepId));
  };
  return { records, sweep };
}

describe('listSweeps', () => {
  it('lists the sweeps newest first with their run status and story, skipping lifecycle runs', async () => {
    // Prepare
    const { records, sweep } = await prepare();
    await sweep('sweep-a', at(1));
    await records.runs.createRun(aRun('onboarding:evt-1', 'onboarding', at(2)));
    await sweep('sweep-b', at(3));
    // Act
    const { items, nextCursor } = await listSweeps({ limit: 10, cursor: null }, records);
    // Assess
    expect(nextCursor).toBeNull();
    expect(items.map((s) => [s.sweepId, s.runStatus, s.outcome, s.summary, s.seatsAfter])).toEqual([
      ['sweep-b', 'succeeded', 'reclaimed', 'sweep sweep:sweep-b', 35],
      ['sweep-a', 'succeeded', 'reclaimed', 'sweep sweep:sweep-a', 35],
    ]);
  });

  it('leaves out a sweep run without a sweep record', async () => {
    // Prepare
    const { records, sweep } = await prepare();
    await sweep('sweep-a', at(1));
    await records.runs.createRun(aRun('sweep:stray', 'sweep', at(2), 'stray'));
    // Act
    const { items } = await listSweeps({ limit: 10, cursor: null }, records);
    // Assess
    expect(items.map((s) => s.sweepId)).toEqual(['sweep-a']);
  });

  it('answers at least the limit, with a cursor that goes on to older sweeps', async () => {
    // Prepare: more runs than one page of the runs listing (200).
    const { records, sweep } = await prepare();
    await sweep('sweep-old', at(0));
    for (let n = 0; n < 250; n++)
      await records.runs.createRun(
        aRun(
          `onboarding:evt-${n}`,
          'onboarding',
          new Date(Date.parse(at(0)) + 3_600_000 + n * 1000).toISOString(),
        ),
      );
    await sweep('sweep-new', at(59));
    await sweep('sweep-newest', '2026-12-01T11:00:00.000Z');
    // Act
    const first = await listSweeps({ limit: 1, cursor: null }, records);
    const rest = await listSweeps({ limit: 10, cursor: first.nextCursor }, records);
    // Assess
    expect(first.items.map((s) => s.sweepId)).toEqual(['sweep-newest']);
    expect(first.nextCursor).not.toBeNull();
    expect([...first.items, ...rest.items].map((s) => s.sweepId)).toEqual([
      'sweep-newest',
      'sweep-new',
      'sweep-old',
    ]);
  });
});

/**
 * beginSweep: the sweep and its run recorded once (the sweep id is the execution name), the cutoff
 * day fixed, the seats in use read before anything changes, an ask-first sweep's answer deadline
 * fixed from its start. Records and Trello in memory.
 */
import { describe, expect, it } from 'vitest';
import { sweepRunId } from '../../../../functions/core/lifecycle/run-ids.ts';
import { beginSweep } from '../../../../functions/core/sweep/begin-sweep.ts';
import { aSweep } from '../../../support/sweep-unit-kit.ts';

const request = (overrides = {}) => ({
  sweepId: 'sweep-2026-12-01-feedbeef',
  mode: 'auto' as const,
  dryRun: false,
  requestedBy: 'schedule:weekly',
  ...overrides,
});

describe('beginSweep', () => {
  it('records the sweep and its run, with the cutoff day and the seats in use before', async () => {
    // Prepare
    const { records, deps, listed } = await aSweep();
    await listed(1);
    await listed(2);
    // Act
    const begun = await beginSweep(request(), deps);
    // Assess
    expect(begun).toEqual({
      proceed: true,
      sweep: {
        sweepId: 'sweep-2026-12-01-feedbeef',
        runId: sweepRunId('sweep-2026-12-01-feedbeef'),
        mode: 'auto',
        dryRun: false,
        inactiveSince: '2026-09-02',
        requestedBy: 'schedule:weekly',
        answerBy: null,
      },
    });
    expect(await records.sweeps.getSweep('sweep-2026-12-01-feedbeef')).toMatchObject({
      status: 'listing',
      seatsBefore: 2,
      seatsAfter: null,
    });
    expect(await records.runs.getRun(sweepRunId('sweep-2026-12-01-feedbeef'))).toMatchObject({
      kind: 'sweep',
      status: 'running',
      executionName: 'sweep-2026-12-01-feedbeef',
      summary: expect.stringMatching(/^Idle-seat sweep \(auto\) of members inactive since 2026-09-02/),
    });
  });

  it('fixes an ask-first sweep’s answer deadline from its start, so a retried Begin Sweep gives the same one', async () => {
    // Prepare
    const { clock, deps } = await aSweep();
    await beginSweep(request({ mode: 'ask-first' }), deps);
    clock.at = '2026-12-01T09:05:00.000Z';
    // Act
    const again = await beginSweep(request({ mode: 'ask-first' }), deps);
    // Assess
    expect(again).toMatchObject({ proceed: true, sweep: { answerBy: '2026-12-08T09:00:00.000Z' } });
  });

  it('does not proceed when the sweep’s run has already ended', async () => {
    // Prepare
    const { records, deps } = await aSweep();
    await beginSweep(request(), deps);
    await records.runs.finishRun(sweepRunId('sweep-2026-12-01-feedbeef'), {
      status: 'succeeded',
      outcome: 'reclaimed',
      summary: 'done',
      finishedAt: '2026-12-01T10:00:00.000Z',
    });
    // Act
    const again = await beginSweep(request(), deps);
    // Assess
    expect(again.proceed).toBe(false);
  });
});

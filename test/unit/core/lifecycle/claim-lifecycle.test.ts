/**
 * claimLifecycle and releaseLifecycle: one person, one lifecycle at a time. Records in memory
 * (test/support/fakes/, proven by the record contracts).
 */
import { describe, expect, it } from 'vitest';
import { claimLifecycle } from '../../../../functions/core/lifecycle/claim-lifecycle.ts';
import { releaseLifecycle } from '../../../../functions/core/lifecycle/release-lifecycle.ts';
import { aProfile } from '../../../support/builders.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { anEvent, aRunContext, fixedClock, NOW } from '../../../support/run-builders.ts';

const HIRE = { kind: 'onboarding', lifecycle: 'onboarding', summary: null } as const;

function prepare() {
  const records = inMemoryRecords();
  return { records, deps: { ...records, clock: fixedClock() } };
}

describe('claimLifecycle', () => {
  it('creates the run, claims the person for it and records the event in their history', async () => {
    // Prepare
    const { records, deps } = prepare();
    // Act
    const claim = await claimLifecycle(anEvent(), aRunContext(), HIRE, deps);
    // Assess
    expect(claim).toEqual({ proceed: true, reason: 'Started', previousRunId: null, before: null });
    expect(await records.runs.getRun('run-evt-hire')).toMatchObject({
      status: 'running',
      kind: 'onboarding',
    });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'onboarding',
      currentRunId: 'run-evt-hire',
      lastEvent: { id: 'evt-hire', type: 'employee.hired' },
      version: 1,
    });
    expect((await records.people.listPersonEvents('E1001')).map((e) => e.id)).toEqual(['evt-hire']);
  });

  it('names the run it took the person from (a termination superseding an onboarding)', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.people.putProfile(aProfile({ lifecycle: 'onboarding', currentRunId: 'run-old' }), null);
    const termination = anEvent({ id: 'evt-term', type: 'employee.terminated' });
    const run = aRunContext({ runId: 'run-evt-term', executionName: 'exec-evt-term' });
    // Act
    const claim = await claimLifecycle(
      termination,
      run,
      { ...HIRE, kind: 'offboarding', lifecycle: 'offboarding' },
      deps,
    );
    // Assess
    expect(claim).toMatchObject({ proceed: true, previousRunId: 'run-old' });
    // The record as it was claimed, for the caller to act on without reading it again.
    expect(claim.before).toMatchObject({ lifecycle: 'onboarding', currentRunId: 'run-old' });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'offboarding',
      currentRunId: 'run-evt-term',
    });
  });

  it('stops a second execution for the same event as a duplicate, changing nothing', async () => {
    // Prepare
    const { records, deps } = prepare();
    await claimLifecycle(anEvent(), aRunContext(), HIRE, deps);
    const before = await records.people.getProfile('E1001');
    // Act
    const claim = await claimLifecycle(anEvent(), aRunContext({ executionName: 'exec-other' }), HIRE, deps);
    // Assess
    expect(claim).toMatchObject({ proceed: false, reason: expect.stringMatching(/^Duplicate/) });
    expect(await records.people.getProfile('E1001')).toEqual(before);
  });

  it('does not walk a finished run again', async () => {
    // Prepare
    const { records, deps } = prepare();
    await claimLifecycle(anEvent(), aRunContext(), HIRE, deps);
    await records.runs.finishRun('run-evt-hire', {
      status: 'succeeded',
      outcome: 'licensed',
      summary: 's',
      finishedAt: NOW,
    });
    // Act
    const claim = await claimLifecycle(anEvent(), aRunContext(), HIRE, deps);
    // Assess
    expect(claim).toMatchObject({
      proceed: false,
      reason: expect.stringMatching(/already finished \(succeeded\)/),
    });
  });

  it('ends a stale event skipped, without claiming the person', async () => {
    // Prepare
    const { records, deps } = prepare();
    const newer = {
      id: 'evt-term',
      type: 'employee.terminated',
      effectiveAt: '2026-12-05T09:00:00.000Z',
      occurredAt: NOW,
    };
    await records.people.putProfile(
      aProfile({ lifecycle: 'offboarded', lastEvent: newer, lastLifecycleEvent: newer }),
      null,
    );
    // Act
    const claim = await claimLifecycle(anEvent(), aRunContext(), HIRE, deps);
    // Assess
    expect(claim.proceed).toBe(false);
    expect(await records.runs.getRun('run-evt-hire')).toMatchObject({ status: 'skipped', outcome: 'stale' });
    expect(await records.people.getProfile('E1001')).toMatchObject({ lifecycle: 'offboarded', version: 1 });
    expect(await records.people.listPersonEvents('E1001')).toEqual([]);
  });

  it('plans a dry run against the real state and claims nothing', async () => {
    // Prepare
    const { records, deps } = prepare();
    // Act
    const claim = await claimLifecycle(anEvent({ dryRun: true }), aRunContext({ dryRun: true }), HIRE, deps);
    // Assess
    expect(claim).toMatchObject({ proceed: true, reason: 'Dry run: planning only' });
    expect(await records.runs.getRun('run-evt-hire')).toMatchObject({ dryRun: true, status: 'running' });
    expect(await records.people.getProfile('E1001')).toBeNull();
  });
});

describe('releaseLifecycle', () => {
  it('gives the person back when the run ends, with the change the run made', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.people.putProfile(
      aProfile({ lifecycle: 'onboarding', currentRunId: 'run-evt-hire' }),
      null,
    );
    // Act
    await releaseLifecycle(aRunContext(), deps, NOW, () => ({ lifecycle: 'active', trelloMemberId: 'tm-9' }));
    // Assess
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'active',
      trelloMemberId: 'tm-9',
      currentRunId: null,
      updatedAt: NOW,
      version: 2,
    });
  });

  it('writes nothing when a newer run owns the person', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.people.putProfile(aProfile({ lifecycle: 'offboarding', currentRunId: 'run-newer' }), null);
    // Act
    await releaseLifecycle(aRunContext(), deps, NOW, () => ({ lifecycle: 'active' }));
    // Assess
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'offboarding',
      currentRunId: 'run-newer',
      version: 1,
    });
  });
});

/**
 * The rules every step keeps (core/run-context.ts): act only while the run owns the person, record
 * what the step did, and audit each change exactly once, even when the step runs again.
 */
import { describe, expect, it } from 'vitest';
import { RunSupersededError } from '../../../functions/core/errors.ts';
import {
  auditedChange,
  confirmPendingChanges,
  ensureCurrentRun,
  recordStep,
} from '../../../functions/core/run-context.ts';
import { aProfile } from '../../support/builders.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { aRunContext, aRunRecordOf, auditOf, fixedClock } from '../../support/run-builders.ts';

const RUN = aRunContext();
const GRANT = { action: 'grant-seat', target: 'member:m1', detail: 'grant a seat' };

async function prepare() {
  const records = inMemoryRecords();
  await records.runs.createRun(aRunRecordOf(RUN, 'onboarding', 'evt-hire'));
  return { records, deps: { ...records, clock: fixedClock() } };
}

describe('ensureCurrentRun', () => {
  it('lets the run that owns the person act, and a person with no record yet', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    const beforeAnyRecord = ensureCurrentRun(RUN, deps);
    await records.people.putProfile(aProfile({ currentRunId: RUN.runId }), null);
    const owner = ensureCurrentRun(RUN, deps);
    // Assess
    await expect(beforeAnyRecord).resolves.toBeUndefined();
    await expect(owner).resolves.toBeUndefined();
  });

  it('stops a run another run took the person from', async () => {
    // Prepare
    const { records, deps } = await prepare();
    await records.people.putProfile(aProfile({ currentRunId: 'run-newer' }), null);
    // Act
    const check = ensureCurrentRun(RUN, deps);
    // Assess
    await expect(check).rejects.toBeInstanceOf(RunSupersededError);
    await expect(check).rejects.toThrow(/now run-newer/);
  });
});

describe('recordStep', () => {
  it('records the step and shows a run that waited for an approval as running again', async () => {
    // Prepare
    const { records, deps } = await prepare();
    await records.runs.setRunWaiting(RUN.runId, 'waiting-approval', 'running');
    // Act
    await recordStep(RUN, deps, 'grant-seat', 'done', 'licensed');
    // Assess
    const run = await records.runs.getRun(RUN.runId);
    expect(run?.status).toBe('running');
    expect(run?.steps).toEqual([
      expect.objectContaining({ step: 'grant-seat', result: 'done', detail: 'licensed' }),
    ]);
  });
});

describe('auditedChange', () => {
  it('audits a change begun then succeeded, and a re-run of the step adds no entry', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    await auditedChange(RUN, deps, GRANT, async () => 'done');
    await auditedChange(RUN, deps, GRANT, async () => 'done again');
    // Assess
    expect(await auditOf(records, RUN.runId)).toEqual([
      ['grant-seat', 'begun'],
      ['grant-seat', 'succeeded'],
    ]);
  });

  it('audits a failed change and begins attempt 2 when the step runs again', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    const failed = auditedChange(RUN, deps, GRANT, async () => {
      throw new Error('Trello answered 503');
    });
    await expect(failed).rejects.toThrow('Trello answered 503');
    await auditedChange(RUN, deps, GRANT, async () => 'done');
    // Assess
    const entries = (await records.audit.runAudit(RUN.runId)).map(({ entry }) => [
      entry.result,
      entry.attempt,
    ]);
    expect(entries).toEqual([
      ['begun', 1],
      ['failed', 1],
      ['begun', 2],
      ['succeeded', 2],
    ]);
  });
});

describe('confirmPendingChanges', () => {
  it('closes a change begun but never completed (a crash between), once, naming the evidence', async () => {
    // Prepare
    const { records, deps } = await prepare();
    await records.audit.beginAudit(RUN.runId, 'grant-seat|member:m1', {
      at: deps.clock.now().toISOString(),
      actor: RUN.actor,
      action: 'grant-seat',
      target: 'member:m1',
      detail: 'grant a seat',
      runId: RUN.runId,
      employeeId: RUN.person.id,
    });
    // Act
    const first = await confirmPendingChanges(RUN, deps, 'the membership read-back');
    const second = await confirmPendingChanges(RUN, deps, 'the membership read-back');
    // Assess
    expect([first, second]).toEqual([1, 0]);
    const outcome = (await records.audit.runAudit(RUN.runId)).at(-1)?.entry;
    expect(outcome).toMatchObject({
      result: 'succeeded',
      detail: expect.stringMatching(/confirmed by the membership read-back/),
    });
  });
});

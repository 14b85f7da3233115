/**
 * retryRun and rejoinSeatQueue: an admin (or the seat loop) starts a failed onboarding or
 * offboarding again under a new execution, audited, the failed attempt kept; everything else is
 * refused saying why. Records in memory; the workflow engine records.
 */
import { describe, expect, it } from 'vitest';
import { rejoinSeatQueue } from '../../../functions/core/admin/rejoin-seat-queue.ts';
import { retryRun } from '../../../functions/core/admin/retry-run.ts';
import { ErrorNames } from '../../../functions/core/errors.ts';
import { newRunRecord } from '../../../functions/core/lifecycle/claim-lifecycle.ts';
import type { RunKind, RunStatus } from '../../../functions/core/model/run-statuses.ts';
import type { RunRecord } from '../../../functions/ports/records/runs.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { RecordingWorkflowEngine } from '../../support/fakes/recording-workflow-engine.ts';
import { anEvent, aRunContext, fixedClock, NOW } from '../../support/run-builders.ts';

const MACHINES = {
  onboarding: 'arn:aws:states:local:000000000000:stateMachine:Onboarding',
  offboarding: 'arn:aws:states:local:000000000000:stateMachine:Offboarding',
};
const ADMIN = 'it@example.com';

function prepare(stateMachines: { onboarding: string | null; offboarding: string | null } = MACHINES) {
  const records = inMemoryRecords(() => new Date(NOW));
  const workflow = new RecordingWorkflowEngine();
  const deps = { ...records, workflow, clock: fixedClock(), stateMachines };
  /** A run of Ana's hire `eventId` (effective `effectiveAt`) that ended `status` with `outcome`. */
  const ended = async (
    eventId: string,
    end: {
      status?: RunStatus;
      outcome?: string;
      kind?: RunKind;
      effectiveAt?: string;
      record?: Partial<RunRecord>;
    } = {},
  ) => {
    const event = anEvent({ id: eventId, effectiveAt: end.effectiveAt ?? NOW });
    const run = aRunContext({ runId: `onboarding:${eventId}`, executionName: `exec-${eventId}` });
    const record = {
      ...newRunRecord(
        event,
        run,
        { kind: end.kind ?? 'onboarding', status: 'running', summary: null },
        new Date(NOW),
      ),
      ...end.record,
    };
    await records.runs.createRun(record);
    await records.runs.finishRun(run.runId, {
      status: end.status ?? 'failed',
      outcome: end.outcome ?? `failed:${ErrorNames.SeatsExhausted}`,
      summary: 'No seat was left',
      finishedAt: NOW,
    });
    return run.runId;
  };
  return { records, workflow, deps, ended };
}

describe('retryRun', () => {
  it('starts the same HR event again under a new execution, keeping the failed attempt, audited as the admin', async () => {
    // Prepare
    const { records, workflow, deps, ended } = prepare();
    const runId = await ended('evt-hire');
    // Act
    const answer = await retryRun(runId, ADMIN, deps);
    // Assess
    expect(answer).toMatchObject({
      outcome: 'started',
      runId,
      executionName: expect.stringMatching(/^retry1-/),
    });
    const executionName = answer.outcome === 'started' ? answer.executionName : '';
    expect(executionName).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(workflow.calls).toEqual([
      {
        op: 'startExecution',
        stateMachineArn: MACHINES.onboarding,
        name: executionName,
        input: {
          'detail-type': 'Employee Hired',
          source: 'lanyard.hr',
          detail: expect.objectContaining({ id: 'evt-hire', type: 'employee.hired' }),
        },
      },
    ]);
    const run = await records.runs.getRun(runId);
    expect(run).toMatchObject({ status: 'running', executionName });
    expect(run?.earlierAttempts).toEqual([
      expect.objectContaining({ executionName: 'exec-evt-hire', by: `admin:${ADMIN}` }),
    ]);
    expect(
      (await records.audit.runAudit(runId)).map(({ entry }) => [entry.actor, entry.action, entry.result]),
    ).toEqual([
      [`admin:${ADMIN}`, 'retry-run', 'begun'],
      [`admin:${ADMIN}`, 'retry-run', 'succeeded'],
    ]);
  });

  it('numbers a second retry as attempt 2', async () => {
    // Prepare
    const { records, deps, ended } = prepare();
    const runId = await ended('evt-hire');
    await retryRun(runId, ADMIN, deps);
    await records.runs.finishRun(runId, {
      status: 'failed',
      outcome: 'failed:X',
      summary: 'again',
      finishedAt: NOW,
    });
    // Act
    const answer = await retryRun(runId, ADMIN, deps);
    // Assess
    expect(answer).toMatchObject({ outcome: 'started', executionName: expect.stringMatching(/^retry2-/) });
  });

  it.each([
    ['a sweep', { kind: 'sweep' as const }, /is a sweep: start a new sweep instead/],
    ['a mover run', { kind: 'mover' as const }, /follows an HR profile event/],
    ['a leave run', { kind: 'leave' as const }, /follows an HR profile event/],
    ['a dry run', { record: { dryRun: true } }, /was a dry run/],
    [
      'a run that succeeded',
      { status: 'succeeded' as const },
      /cannot be retried: it ended succeeded, not failed/,
    ],
    ['a run that was superseded', { status: 'superseded' as const }, /it ended superseded, not failed/],
    ['a run without its HR event', { record: { event: undefined } }, /has no HR event on record/],
  ])('refuses %s, starting nothing', async (_case, end, why) => {
    // Prepare
    const { records, workflow, deps, ended } = prepare();
    const runId = await ended('evt-hire', end);
    // Act
    const answer = await retryRun(runId, ADMIN, deps);
    // Assess
    expect(answer).toEqual({ outcome: 'refused', message: expect.stringMatching(why) });
    expect(workflow.calls).toEqual([]);
    expect(await records.audit.runAudit(runId)).toEqual([]);
  });

  it('refuses a run that has not ended', async () => {
    // Prepare
    const { workflow, deps, ended } = prepare();
    const runId = await ended('evt-hire');
    await retryRun(runId, ADMIN, deps);
    // Act
    const again = await retryRun(runId, 'other@example.com', deps);
    // Assess
    expect(again).toEqual({ outcome: 'refused', message: expect.stringMatching(/it has not ended/) });
    expect(workflow.calls).toHaveLength(1);
  });

  it('refuses when Lanyard has no state machine for the run', async () => {
    // Prepare
    const { deps, ended } = prepare({ onboarding: null, offboarding: MACHINES.offboarding });
    const runId = await ended('evt-hire');
    // Act
    const answer = await retryRun(runId, ADMIN, deps);
    // Assess
    expect(answer).toEqual({
      outcome: 'refused',
      message: 'Lanyard is not configured with the onboarding state machine',
    });
  });

  it('refuses when another admin took the run over meanwhile', async () => {
    // Prepare
    const { records, workflow, deps, ended } = prepare();
    const runId = await ended('evt-hire');
    records.runs.restartRun = async () => null;
    // Act
    const answer = await retryRun(runId, ADMIN, deps);
    // Assess
    expect(answer).toEqual({ outcome: 'refused', message: expect.stringMatching(/changed meanwhile/) });
    expect(workflow.calls).toEqual([]);
  });

  it('ends the run failed, saying the retry did not start, when the workflow refuses the execution', async () => {
    // Prepare
    const { records, workflow, deps, ended } = prepare();
    const runId = await ended('evt-hire');
    workflow.startExecution = async () => {
      throw new Error('ExecutionLimitExceeded');
    };
    // Act
    const retry = retryRun(runId, ADMIN, deps);
    // Assess
    await expect(retry).rejects.toThrow('ExecutionLimitExceeded');
    expect(await records.runs.getRun(runId)).toMatchObject({
      status: 'failed',
      outcome: 'failed:RetryNotStarted',
    });
    expect((await records.audit.runAudit(runId)).map(({ entry }) => entry.result)).toEqual([
      'begun',
      'failed',
    ]);
  });

  it('answers not found for an unknown run', async () => {
    // Prepare
    const { deps } = prepare();
    // Act
    const answer = await retryRun('onboarding:nope', ADMIN, deps);
    // Assess
    expect(answer).toEqual({ outcome: 'not-found', message: 'Run onboarding:nope does not exist' });
  });
});

describe('rejoinSeatQueue', () => {
  it('retries the onboardings that failed for want of a seat, in HR order, as many as seats are left', async () => {
    // Prepare
    const { workflow, deps, ended } = prepare();
    await ended('evt-late', { effectiveAt: '2026-12-03T09:00:00.000Z' });
    await ended('evt-early', { effectiveAt: '2026-11-28T09:00:00.000Z' });
    await ended('evt-middle', { effectiveAt: '2026-12-01T09:00:00.000Z' });
    await ended('evt-other-failure', { outcome: 'failed:TrelloUnavailableError' });
    await ended('evt-offboarding', { kind: 'offboarding' });
    // Act
    const retried = await rejoinSeatQueue(2, 'lanyard:seat-loop', deps);
    // Assess
    expect(retried).toEqual(['onboarding:evt-early', 'onboarding:evt-middle']);
    expect(workflow.calls.map((c) => c.op === 'startExecution' && c.stateMachineArn)).toEqual([
      MACHINES.onboarding,
      MACHINES.onboarding,
    ]);
  });

  it('retries nothing when no seat is left', async () => {
    // Prepare
    const { workflow, deps, ended } = prepare();
    await ended('evt-hire');
    // Act
    const retried = await rejoinSeatQueue(0, 'lanyard:seat-loop', deps);
    // Assess
    expect(retried).toEqual([]);
    expect(workflow.calls).toEqual([]);
  });
});

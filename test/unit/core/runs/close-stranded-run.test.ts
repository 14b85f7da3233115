/**
 * closeStrandedRun (issue 15): an execution that ended FAILED, TIMED_OUT or ABORTED while its run
 * still says `running` ends that run `failed`, audited, with the lifecycle given back, open
 * approvals withdrawn and admins notified, once; anything else is left as it is. Records in
 * memory; the notifier records.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionStatusChangeDetail } from '../../../../functions/contracts/execution-status-change.ts';
import { FINISHED_RUN_STATUSES } from '../../../../functions/core/model/run-statuses.ts';
import { closeStrandedRun } from '../../../../functions/core/runs/close-stranded-run.ts';
import { aProfile } from '../../../support/builders.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import {
  anEvent,
  aRunContext,
  aRunRecordOf,
  aSeatApproval,
  auditOf,
  fixedClock,
  NOW,
} from '../../../support/run-builders.ts';

const ONBOARDING_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Lanyard-Onboarding';
const SWEEP_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Lanyard-IdleSeatSweep';
const RUN = aRunContext({ runId: 'onboarding:evt-hire', executionName: 'exec-1' });

function anExecutionEnd(overrides: Partial<ExecutionStatusChangeDetail> = {}): ExecutionStatusChangeDetail {
  return {
    executionArn: `${ONBOARDING_ARN.replace(':stateMachine:', ':execution:')}:exec-1`,
    stateMachineArn: ONBOARDING_ARN,
    name: 'exec-1',
    status: 'FAILED',
    startDate: Date.parse(NOW) - 60_000,
    stopDate: Date.parse(NOW),
    input: null,
    inputDetails: { included: false },
    output: null,
    outputDetails: null,
    error: 'Sandbox.Timedout',
    cause: '{"errorType":"Sandbox.Timedout","errorMessage":"Task timed out after 30.00 seconds"}',
    ...overrides,
  };
}

/** Ana's onboarding running under exec-1 and owning her lifecycle, with a seat request still open. */
async function prepare(run = RUN) {
  const records = inMemoryRecords(() => new Date(NOW));
  const notifier = new RecordingNotifier();
  await records.runs.createRun({ ...aRunRecordOf(run, 'onboarding', 'evt-hire'), event: anEvent() });
  await records.people.putProfile(aProfile({ lifecycle: 'onboarding', currentRunId: run.runId }), null);
  await records.approvals.putApproval(aSeatApproval({ id: `${run.runId}:seats`, runId: run.runId }), 'tok-1');
  const deps = {
    ...records,
    notifier,
    clock: fixedClock(),
    stateMachines: { onboarding: ONBOARDING_ARN, sweep: SWEEP_ARN },
    consoleUrl: 'https://lanyard.example.com/',
  };
  return { records, notifier, deps };
}

describe('closeStrandedRun', () => {
  it('ends the running run of a failed execution failed, audited, its lifecycle given back, and notifies admins', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    // Act
    const result = await closeStrandedRun(anExecutionEnd(), deps);
    // Assess
    expect(result).toMatchObject({ closed: true, runId: RUN.runId });
    const run = await records.runs.getRun(RUN.runId);
    expect(run).toMatchObject({ status: 'failed', outcome: 'failed:Sandbox.Timedout', finishedAt: NOW });
    expect(run?.summary).toBe(
      'Its onboarding execution exec-1 failed before recording how the run ended: Sandbox.Timedout — Task timed out after 30.00 seconds',
    );
    expect(await auditOf(records, RUN.runId)).toEqual([
      ['close-stranded-run', 'begun'],
      ['close-stranded-run', 'succeeded'],
    ]);
    expect((await records.audit.runAudit(RUN.runId))[0]?.entry).toMatchObject({
      actor: 'lanyard:execution-watch',
      target: `run:${RUN.runId}`,
      employeeId: 'E1001',
    });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'onboarding',
      currentRunId: null,
    });
    expect(await records.approvals.getApproval(`${RUN.runId}:seats`)).toMatchObject({
      status: 'expired',
      decidedBy: 'lanyard',
    });
    expect(notifier.sent).toEqual([
      {
        kind: 'run-failed',
        title: 'Onboarding of Ana Lima (ana.lima@example.com) failed',
        body: expect.stringContaining(
          `Retry it once the cause is fixed (the console, \`lanyard runs retry\` or POST /admin/runs/{runId}/retry) — see https://lanyard.example.com/#/runs/${encodeURIComponent(RUN.runId)}`,
        ),
        runId: RUN.runId,
        approvalId: null,
      },
    ]);
  });

  it('changes nothing and notifies nobody on a second delivery of the same event', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    await closeStrandedRun(anExecutionEnd(), deps);
    const before = await records.runs.getRun(RUN.runId);
    deps.clock.at = '2026-12-01T09:05:00.000Z';
    // Act
    const again = await closeStrandedRun(anExecutionEnd(), deps);
    // Assess
    expect(again).toMatchObject({ closed: false, runId: null });
    expect(await records.runs.getRun(RUN.runId)).toEqual(before);
    expect(await auditOf(records, RUN.runId)).toHaveLength(2);
    expect(notifier.sent).toHaveLength(1);
  });

  it.each([
    ['TIMED_OUT', 'failed:TIMED_OUT', 'timed out before recording how the run ended'],
    ['ABORTED', 'failed:ABORTED', 'was stopped before recording how the run ended'],
  ] as const)(
    'ends the run of a %s execution, which carries no error, saying so',
    async (status, outcome, words) => {
      // Prepare
      const { records, deps } = await prepare();
      // Act
      await closeStrandedRun(anExecutionEnd({ status, error: null, cause: null }), deps);
      // Assess
      const run = await records.runs.getRun(RUN.runId);
      expect(run).toMatchObject({ status: 'failed', outcome });
      expect(run?.summary).toBe(`Its onboarding execution exec-1 ${words}`);
    },
  );

  it.each(FINISHED_RUN_STATUSES)('leaves a run that already ended %s alone', async (status) => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    await records.runs.finishRun(RUN.runId, {
      status,
      outcome: status,
      summary: 'as recorded',
      finishedAt: NOW,
    });
    const before = await records.runs.getRun(RUN.runId);
    // Act
    const result = await closeStrandedRun(anExecutionEnd(), deps);
    // Assess
    expect(result.closed).toBe(false);
    expect(await records.runs.getRun(RUN.runId)).toEqual(before);
    expect(await auditOf(records, RUN.runId)).toEqual([]);
    expect(notifier.sent).toEqual([]);
  });

  it('leaves a run an admin retried under another execution alone', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare(
      aRunContext({ runId: RUN.runId, executionName: 'retry1-x' }),
    );
    // Act
    const result = await closeStrandedRun(anExecutionEnd(), deps);
    // Assess
    expect(result).toEqual({ closed: false, runId: null, reason: expect.stringContaining('no running run') });
    expect(await records.runs.getRun(RUN.runId)).toMatchObject({ status: 'running' });
    expect(notifier.sent).toEqual([]);
  });

  it('leaves a run whose person a newer run took over (it stopped the execution and ends the run itself)', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    const profile = await records.people.getProfile('E1001');
    await records.people.putProfile(
      { ...aProfile(), currentRunId: 'offboarding:evt-leave' },
      profile?.version ?? null,
    );
    // Act
    const result = await closeStrandedRun(
      anExecutionEnd({ status: 'ABORTED', error: 'RunSuperseded' }),
      deps,
    );
    // Assess
    expect(result).toMatchObject({ closed: false, runId: RUN.runId });
    expect(await records.runs.getRun(RUN.runId)).toMatchObject({ status: 'running' });
    expect(notifier.sent).toEqual([]);
  });

  it('ignores an execution that owns no run, and one of another state machine of the same name', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    // Act
    const unknown = await closeStrandedRun(anExecutionEnd({ name: 'exec-unknown' }), deps);
    const sweep = await closeStrandedRun(anExecutionEnd({ stateMachineArn: SWEEP_ARN }), deps);
    // Assess
    expect(unknown).toMatchObject({ closed: false, runId: null });
    expect(sweep).toMatchObject({ closed: false, runId: null });
    expect(await records.runs.getRun(RUN.runId)).toMatchObject({ status: 'running' });
    expect(notifier.sent).toEqual([]);
  });

  it('ignores an execution that succeeded', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    // Act
    const result = await closeStrandedRun(
      anExecutionEnd({ status: 'SUCCEEDED', error: null, cause: null }),
      deps,
    );
    // Assess
    expect(result.closed).toBe(false);
    expect(await records.runs.getRun(RUN.runId)).toMatchObject({ status: 'running' });
    expect(notifier.sent).toEqual([]);
  });

  it('ends a sweep run, which has no person, naming the run', async () => {
    // Prepare
    const records = inMemoryRecords(() => new Date(NOW));
    const notifier = new RecordingNotifier();
    await records.runs.createRun({
      ...aRunRecordOf(aRunContext({ runId: 'sweep:sw-1', executionName: 'sw-1' }), 'sweep', 'sw-1'),
      employeeId: null,
      eventId: null,
    });
    const deps = {
      ...records,
      notifier,
      clock: fixedClock(),
      stateMachines: { sweep: SWEEP_ARN },
      consoleUrl: null,
    };
    // Act
    const result = await closeStrandedRun(anExecutionEnd({ name: 'sw-1', stateMachineArn: SWEEP_ARN }), deps);
    // Assess
    expect(result).toMatchObject({ closed: true, runId: 'sweep:sw-1' });
    expect(await records.runs.getRun('sweep:sw-1')).toMatchObject({ status: 'failed' });
    expect(notifier.sent).toEqual([
      expect.objectContaining({
        kind: 'run-failed',
        title: 'Idle-seat sweep sweep:sw-1 failed',
        body: expect.stringContaining('Start a new sweep once the cause is fixed'),
      }),
    ]);
  });
});

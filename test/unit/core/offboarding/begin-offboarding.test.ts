/**
 * beginOffboarding: claims the leaver, says when the cuts start and how they are timed, and ends
 * an onboarding still in flight for them. Records in memory; the workflow engine and notifier
 * record what they were asked. The mass-change guard is off here (its own tests are in
 * test/unit/core/guard/): its store must then never be read.
 */
import { describe, expect, it } from 'vitest';
import { ErrorNames } from '../../../../functions/core/errors.ts';
import { beginOffboarding } from '../../../../functions/core/offboarding/begin-offboarding.ts';
import type { OffboardingSettings } from '../../../../functions/core/offboarding/offboarding-deps.ts';
import type { GuardStore } from '../../../../functions/ports/guard-store.ts';
import type { RunRecord } from '../../../../functions/ports/records/runs.ts';
import { aProfile } from '../../../support/builders.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { anEvent, aSeatApproval, fixedClock, NOW } from '../../../support/run-builders.ts';

const ONBOARDING_ARN = 'arn:aws:states:local:000000000000:stateMachine:Onboarding';

const SETTINGS: OffboardingSettings = {
  idpScope: 'sign-in',
  successorFallbackMemberId: null,
  onboardingStateMachineArn: ONBOARDING_ARN,
  approvalTimeoutHours: 72,
  consoleUrl: null,
  timeToCut: { sloSeconds: 900, urgentSloSeconds: 120, keepTryingHours: 24 },
  massChangeGuard: { mode: 'off' },
};

/** The guard is off: any use of its store is a mistake this test must see. */
const GUARD_OFF = new Proxy({} as GuardStore, {
  get: (_target, property) => {
    throw new Error(`the guard is off, yet its store was used (${String(property)})`);
  },
});

const termination = (overrides = {}) =>
  anEvent({
    id: 'evt-term',
    type: 'employee.terminated',
    effectiveAt: '2026-12-03T17:00:00.000Z',
    ...overrides,
  });

function prepare() {
  const records = inMemoryRecords(() => new Date(NOW));
  const workflow = new RecordingWorkflowEngine();
  const notifier = new RecordingNotifier();
  const deps = {
    ...records,
    guard: GUARD_OFF,
    workflow,
    notifier,
    idp: null,
    offboarding: SETTINGS,
    clock: fixedClock(),
  };
  return { records, workflow, notifier, deps };
}

/** An onboarding of the same person still in flight, owning their lifecycle. */
async function onboardingInFlight(records: ReturnType<typeof inMemoryRecords>, status: RunRecord['status']) {
  await records.people.putProfile(
    aProfile({ lifecycle: 'onboarding', currentRunId: 'onboarding-evt-hire' }),
    null,
  );
  await records.runs.createRun({
    runId: 'onboarding-evt-hire',
    kind: 'onboarding',
    employeeId: 'E1001',
    executionName: 'exec-hire',
    eventId: 'evt-hire',
    status,
    outcome: null,
    summary: null,
    dryRun: false,
    startedAt: '2026-11-30T09:00:00.000Z',
    finishedAt: null,
    steps: [],
  });
}

describe('beginOffboarding', () => {
  it('claims the leaver and waits until the termination takes effect, timing the cuts from then', async () => {
    // Prepare
    const { records, deps } = prepare();
    // Act
    const begun = await beginOffboarding(termination(), 'exec-term', deps);
    // Assess
    expect(begun).toMatchObject({
      proceed: true,
      next: 'wait',
      startAt: '2026-12-03T17:00:00.000Z',
      idpPlan: 'none',
      cutClock: { dueAt: '2026-12-03T17:00:00.000Z', sloSeconds: 900 },
    });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'offboarding',
      currentRunId: begun.run.runId,
    });
  });

  it.each([
    ['a termination already in effect', termination({ effectiveAt: '2026-11-30T17:00:00.000Z' }), 900],
    ['an urgent termination', termination({ urgent: true }), 120],
  ])('cuts at once for %s, held to its SLO', async (_case, event, sloSeconds) => {
    // Prepare
    const { deps } = prepare();
    // Act
    const begun = await beginOffboarding(event, 'exec-term', deps);
    // Assess
    expect(begun).toMatchObject({ next: 'cut', startAt: NOW, cutClock: { dueAt: NOW, sloSeconds } });
  });

  it('ends the approval wait of an onboarding in flight with RunSuperseded and withdraws its approval', async () => {
    // Prepare
    const { records, workflow, deps } = prepare();
    await onboardingInFlight(records, 'waiting-approval');
    await records.approvals.putApproval(
      aSeatApproval({ id: 'onboarding-evt-hire:seats', runId: 'onboarding-evt-hire' }),
      'hire-token',
    );
    // Act
    const begun = await beginOffboarding(termination(), 'exec-term', deps);
    // Assess
    expect(workflow.calls).toEqual([
      expect.objectContaining({ op: 'failTask', taskToken: 'hire-token', error: ErrorNames.RunSuperseded }),
    ]);
    expect(await records.approvals.getApproval('onboarding-evt-hire:seats')).toMatchObject({
      status: 'expired',
      decidedBy: 'lanyard',
    });
    expect(await records.runs.getRun('onboarding-evt-hire')).toMatchObject({ status: 'superseded' });
    expect((await records.runs.getRun(begun.run.runId))?.steps[0]?.detail).toMatch(
      /^Ended the approval wait of onboarding run onboarding-evt-hire/,
    );
  });

  it('stops an onboarding in flight that waits on nothing Lanyard holds', async () => {
    // Prepare
    const { records, workflow, deps } = prepare();
    await onboardingInFlight(records, 'running');
    // Act
    await beginOffboarding(termination(), 'exec-term', deps);
    // Assess
    expect(workflow.calls).toEqual([
      expect.objectContaining({
        op: 'stopExecution',
        stateMachineArn: ONBOARDING_ARN,
        executionName: 'exec-hire',
      }),
    ]);
    expect((await records.runs.getRun('onboarding-evt-hire'))?.status).toBe('superseded');
  });

  it('goes on when the onboarding in flight cannot be ended, telling admins', async () => {
    // Prepare
    const { records, workflow, notifier, deps } = prepare();
    await onboardingInFlight(records, 'running');
    workflow.stopExecution = async () => {
      throw Object.assign(new Error('not authorized to stop executions'), { name: 'AccessDeniedException' });
    };
    // Act
    const begun = await beginOffboarding(termination(), 'exec-term', deps);
    // Assess
    expect(begun.proceed).toBe(true);
    expect((await records.runs.getRun(begun.run.runId))?.steps[0]).toMatchObject({ result: 'failed' });
    expect(notifier.sent.map((n) => n.title)).toEqual([
      expect.stringMatching(/onboarding in flight was not ended/),
    ]);
  });

  it('stops a duplicate execution of the same termination', async () => {
    // Prepare
    const { deps } = prepare();
    await beginOffboarding(termination(), 'exec-term', deps);
    // Act
    const again = await beginOffboarding(termination(), 'exec-term-again', deps);
    // Assess
    expect(again).toMatchObject({ proceed: false, next: 'stop' });
  });
});

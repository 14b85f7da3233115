/**
 * The records an access cut leaves, on a real local DynamoDB-compatible server (dynalite) through
 * the production record store: every failed try counted, admins told once when the cut is past its
 * SLO, the cut given up only after its keep-trying window, a newer run stopping it; and Begin /
 * Finish Offboarding failing closed (recorded and notified, never silent).
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbRecords } from '../../../functions/adapters/dynamodb/dynamodb-records.ts';
import { GuardRecords } from '../../../functions/adapters/dynamodb/guard-records.ts';
import { RecordTable } from '../../../functions/adapters/dynamodb/record-table.ts';
import { LogMetrics } from '../../../functions/adapters/metrics/log-metrics.ts';
import { InboxNotifier } from '../../../functions/adapters/notify/inbox-notifier.ts';
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import { ErrorNames, RunSupersededError } from '../../../functions/core/errors.ts';
import { recordCutEnded } from '../../../functions/core/offboarding/access-cut.ts';
import {
  beginOffboarding,
  offboardingRunContext,
} from '../../../functions/core/offboarding/begin-offboarding.ts';
import { finishFailedBegin } from '../../../functions/core/offboarding/finish-offboarding.ts';
import { noteCutDelay } from '../../../functions/core/offboarding/note-cut-delay.ts';
import type { OffboardingDeps } from '../../../functions/core/offboarding/offboarding-deps.ts';
import type { RecordPorts } from '../../../functions/ports/records/record-ports.ts';
import type { WorkflowEngine } from '../../../functions/ports/workflow-engine.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';

let db: Dynalite;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(() => db?.close());

const T0 = new Date('2026-12-01T09:00:00Z');
let now = T0;
const clock = { now: () => now };
const metricLines: Array<Record<string, unknown>> = [];
let records: RecordPorts;
let workflow: WorkflowEngine;
let deps: OffboardingDeps;

beforeEach(() => {
  now = T0;
  metricLines.length = 0;
  records = dynamoDbRecords({ client: db.client, tableName: db.tableName, now: () => now });
  // Step Functions in a fake: these tests need a workflow engine that refuses (AccessDenied), which
  // the local runtime cannot do until it checks IAM; the offboarding workflow tests use the real one.
  workflow = {
    completeTask: async () => true,
    failTask: async () => true,
    stopExecution: async () => true,
    startExecution: async () => {},
  };
  deps = {
    ...records,
    clock,
    notifier: new InboxNotifier(records.inbox, clock),
    // The log sink of the local stack, captured to see what was measured.
    metrics: new LogMetrics({ info: (_message, extra) => metricLines.push(extra) }),
    workflow: new Proxy({} as WorkflowEngine, { get: (_t, p) => workflow[p as keyof WorkflowEngine] }),
    trello: null as never, // never called by these use cases
    idp: null,
    atlassianTokens: null,
    offboarding: {
      idpScope: 'sign-in',
      successorFallbackMemberId: null,
      onboardingStateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Lanyard-Onboarding',
      approvalTimeoutHours: 168,
      consoleUrl: 'https://lanyard.example.com/',
      timeToCut: { sloSeconds: 900, urgentSloSeconds: 60, keepTryingHours: 24 },
      // These tests are about the cuts; the guard has its own (mass-change-guard.test.ts).
      massChangeGuard: { mode: 'off' },
    },
    guard: new GuardRecords(new RecordTable(db.client, db.tableName)),
  };
});

let n = 0;
function termination(overrides: Partial<LifecycleEventDetail> = {}): LifecycleEventDetail {
  n += 1;
  return {
    id: `evt-cut-${n}-${Math.random().toString(36).slice(2, 7)}`,
    type: 'employee.terminated',
    occurredAt: T0.toISOString(),
    effectiveAt: T0.toISOString(),
    employee: {
      id: `E-CUT-${n}-${Math.random().toString(36).slice(2, 7)}`,
      email: `cut${n}@example.com`,
      fullName: `Cut ${n}`,
      department: null,
      managerEmail: null,
    },
    dryRun: false,
    ...overrides,
  };
}

async function begun(event = termination()) {
  const begin = await beginOffboarding(event, `exec-${event.id}`, deps);
  expect(begin.proceed).toBe(true);
  return begin;
}

const unavailable = {
  Error: 'TrelloUnavailableError',
  Cause: JSON.stringify({ errorMessage: 'Trello failed PUT /x with 503' }),
};

async function lateNotices(runId: string) {
  const { items } = await records.inbox.listNotifications({ limit: 100 });
  return items.filter((i) => i.runId === runId && i.title.includes('past its'));
}

describe('an access cut that fails', () => {
  it('counts every try, waits longer each time (at most five minutes), and tells admins once when past the SLO', async () => {
    const { run, cutClock } = await begun();
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      now = new Date(T0.getTime() + i * 120_000); // a try every two minutes
      const delay = await noteCutDelay(run, 'trello', cutClock, unavailable, deps);
      expect(delay).toMatchObject({ attempt: i + 1, giveUp: false });
      waits.push(delay.waitSeconds);
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(300);
    expect(waits.at(-1)).toBeGreaterThan(waits[0] ?? 0);

    const cut = (await records.runs.getRun(run.runId))?.cuts?.trello;
    expect(cut).toMatchObject({ state: 'trying', attempts: 12, lastErrorAt: now.toISOString() });
    expect(cut?.lastError).toContain('Trello failed PUT /x with 503');
    // Past 15 minutes (the 8th try, at 16 min) admins were told — once, however many tries followed.
    expect(cut?.lateNotifiedAt).toBe(new Date(T0.getTime() + 8 * 120_000).toISOString());
    const notices = await lateNotices(run.runId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.title).toContain('Trello deactivation is past its 15 min time-to-cut SLO');
    expect(notices[0]?.body).toContain('keeps trying until 2026-12-02T09:00:00.000Z');
    expect(metricLines.filter((m) => m.metric === 'CutSloMissed')).toEqual([
      { metric: 'CutSloMissed', cut: 'trello' },
    ]);
  });

  it('comes back within 5–15 s, however many tries, while Trello is only fully booked (a full queue, not an outage)', async () => {
    const { run, cutClock } = await begun();
    const busy = {
      Error: 'TrelloBusyError',
      Cause: JSON.stringify({
        errorMessage: "Trello's rate limit is booked for longer than this step may wait",
      }),
    };
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      now = new Date(T0.getTime() + i * 15_000);
      waits.push((await noteCutDelay(run, 'trello', cutClock, busy, deps)).waitSeconds);
    }
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...waits)).toBeLessThanOrEqual(15);
    // Every try is still counted; an outage after them backs off as usual.
    expect((await records.runs.getRun(run.runId))?.cuts?.trello).toMatchObject({
      state: 'trying',
      attempts: 20,
    });
    expect((await noteCutDelay(run, 'trello', cutClock, unavailable, deps)).waitSeconds).toBeGreaterThan(15);
  });

  it('gives up only after its keep-trying window: the cut is recorded as given up', async () => {
    const { run, cutClock } = await begun();
    now = new Date(T0.getTime() + 23.9 * 3_600_000);
    expect(await noteCutDelay(run, 'idp', cutClock, unavailable, deps)).toMatchObject({ giveUp: false });
    now = new Date(T0.getTime() + 24 * 3_600_000);
    expect(await noteCutDelay(run, 'idp', cutClock, unavailable, deps)).toMatchObject({
      giveUp: true,
      attempt: 2,
    });
    const stored = await records.runs.getRun(run.runId);
    expect(stored?.cuts?.idp).toMatchObject({ state: 'gave-up', endedAt: now.toISOString() });
    expect(stored?.steps.find((s) => s.step === 'deactivate-idp-sign-in')?.detail).toContain(
      'Access remains',
    );
  });

  it('never waits past the keep-trying window', async () => {
    const { run, cutClock } = await begun();
    now = new Date(Date.parse(cutClock.giveUpAt) - 7_000);
    for (let i = 0; i < 8; i++) await noteCutDelay(run, 'idp', cutClock, unavailable, deps);
    const last = await noteCutDelay(run, 'idp', cutClock, unavailable, deps);
    expect(last.waitSeconds).toBeLessThanOrEqual(7);
  });

  it('gives up at once on a defect (its own input refused), which no later try can change', async () => {
    const { run, cutClock } = await begun();
    const delay = await noteCutDelay(
      run,
      'trello',
      cutClock,
      { Error: ErrorNames.StepInputInvalid, Cause: 'bad' },
      deps,
    );
    expect(delay.giveUp).toBe(true);
  });

  it('stops when a newer run owns the person (a rehire): RunSuperseded', async () => {
    const event = termination();
    const { run, cutClock } = await begun(event);
    const profile = await records.people.getProfile(event.employee.id);
    if (profile === null) throw new Error('no profile');
    await records.people.putProfile({ ...profile, currentRunId: 'onboarding:rehire' }, profile.version);
    await expect(noteCutDelay(run, 'trello', cutClock, unavailable, deps)).rejects.toBeInstanceOf(
      RunSupersededError,
    );
  });

  it('records the time to cut once, and a late ending is told once', async () => {
    const { run, cutClock } = await begun(termination({ urgent: true }));
    expect(cutClock.sloSeconds).toBe(60);
    now = new Date(T0.getTime() + 95_000);
    await recordCutEnded(run, 'idp', cutClock, { state: 'done', detail: 'read back' }, deps);
    // A re-run of the step keeps the first ending.
    now = new Date(T0.getTime() + 200_000);
    await recordCutEnded(run, 'idp', cutClock, { state: 'done', detail: 'read back again' }, deps);
    const cut = (await records.runs.getRun(run.runId))?.cuts?.idp;
    expect(cut).toMatchObject({ state: 'done', seconds: 95, detail: 'read back', attempts: 0 });
    expect(await lateNotices(run.runId)).toHaveLength(1);
    expect(metricLines.filter((m) => m.metric === 'TimeToCut')).toEqual([
      { metric: 'TimeToCut', cut: 'idp', state: 'done', seconds: 95 },
    ]);
  });

  it('keeps concurrent changes of both cuts (each entry has its own revision)', async () => {
    const { run, cutClock } = await begun();
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        noteCutDelay(run, i % 2 === 0 ? 'trello' : 'idp', cutClock, unavailable, deps),
      ),
    );
    const cuts = (await records.runs.getRun(run.runId))?.cuts;
    expect(cuts?.trello?.attempts).toBe(2);
    expect(cuts?.idp?.attempts).toBe(2);
  });
});

describe('Begin and Finish Offboarding fail closed', () => {
  it('goes on when the onboarding in flight cannot be ended (AccessDenied): recorded and told, never silent', async () => {
    const event = termination();
    const onboarding = {
      ...offboardingRunContext(event, 'hire-exec'),
      runId: `onboarding:${event.id}`,
    };
    await records.runs.createRun({
      runId: onboarding.runId,
      kind: 'onboarding',
      employeeId: event.employee.id,
      executionName: 'hire-exec',
      eventId: 'evt-hire',
      status: 'running',
      outcome: null,
      summary: null,
      dryRun: false,
      startedAt: T0.toISOString(),
      finishedAt: null,
      steps: [],
    });
    await records.people.putProfile(
      {
        employeeId: event.employee.id,
        email: event.employee.email,
        fullName: event.employee.fullName,
        department: null,
        managerEmail: null,
        trelloMemberId: null,
        lifecycle: 'onboarding',
        onLeave: false,
        lastEvent: {
          id: 'evt-hire',
          type: 'employee.hired',
          effectiveAt: '2026-11-01T00:00:00Z',
          occurredAt: '2026-11-01T00:00:00Z',
        },
        currentRunId: onboarding.runId,
        updatedAt: T0.toISOString(),
      },
      null,
    );
    const denied = Object.assign(new Error('User is not authorized to perform: states:StopExecution'), {
      name: 'AccessDeniedException',
    });
    workflow.stopExecution = async () => {
      throw denied;
    };

    const begin = await beginOffboarding(event, 'off-exec', deps);
    expect(begin.proceed).toBe(true);
    expect((await records.people.getProfile(event.employee.id))?.currentRunId).toBe(begin.run.runId);
    const step = (await records.runs.getRun(begin.run.runId))?.steps.find(
      (s) => s.step === 'begin-offboarding',
    );
    expect(step).toMatchObject({ result: 'failed' });
    expect(step?.detail).toContain('AccessDeniedException');
    const { items } = await records.inbox.listNotifications({ limit: 100 });
    expect(items.some((i) => i.runId === begin.run.runId && i.title.includes('was not ended'))).toBe(true);
  });

  it('records a failed Begin from the event, and leaves a run owned by another execution alone', async () => {
    const event = termination();
    const failure = { Error: 'ServiceUnavailable', Cause: 'DynamoDB was unavailable' };
    const finished = await finishFailedBegin(event, 'exec-a', failure, deps);
    expect(finished).toMatchObject({ status: 'failed', failed: true });
    expect(await records.runs.getRun(offboardingRunContext(event, 'exec-a').runId)).toMatchObject({
      status: 'failed',
      outcome: 'failed:ServiceUnavailable',
      executionName: 'exec-a',
    });

    const other = termination();
    await beginOffboarding(other, 'exec-owner', deps);
    await finishFailedBegin(other, 'exec-duplicate', failure, deps);
    expect(await records.runs.getRun(offboardingRunContext(other, 'exec-owner').runId)).toMatchObject({
      status: 'running',
      executionName: 'exec-owner',
    });
  });
});

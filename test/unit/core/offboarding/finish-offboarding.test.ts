/**
 * The end of an offboarding: Note Cut Delay (a cut never gives up quietly: it waits and tries
 * again until its keep-trying window ends), Verify Offboarding (what the run claims read back, and
 * the report of every gap) and Finish Offboarding (run, profile and notification, by how it
 * ended). Records, Trello and the IdP in memory (test/support/offboarding-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import { offboardingApprovalId } from '../../../../functions/core/approvals/offboarding-approval-id.ts';
import { ErrorNames, IdpBusyError, ProvisioningNotVerifiedError } from '../../../../functions/core/errors.ts';
import {
  finishFailedBegin,
  finishOffboarding,
} from '../../../../functions/core/offboarding/finish-offboarding.ts';
import { noteCutDelay } from '../../../../functions/core/offboarding/note-cut-delay.ts';
import {
  type VerifyOffboardingFacts,
  verifyOffboarding,
} from '../../../../functions/core/offboarding/verify-offboarding.ts';
import { aMember, anIdpUser } from '../../../support/builders.ts';
import { anOffboardingWithPorts, CUT_CLOCK, LEAVER } from '../../../support/offboarding-kit.ts';
import { anEvent, aSeatApproval, auditOf, NOW } from '../../../support/run-builders.ts';

const MEMBER_ID = aMember().memberId;

describe('noteCutDelay', () => {
  it('records the failed try and waits 5 s (spread) before the next, the cut still trying', async () => {
    // Prepare
    const { records, deps } = await anOffboardingWithPorts();
    // Act
    const delay = await noteCutDelay(
      LEAVER,
      'trello',
      CUT_CLOCK,
      { Error: 'TrelloUnavailableError', Cause: 'Trello answered 503' },
      deps,
    );
    // Assess
    expect(delay.attempt).toBe(1);
    expect(delay.giveUp).toBe(false);
    expect(delay.waitSeconds).toBeGreaterThanOrEqual(3);
    expect(delay.waitSeconds).toBeLessThanOrEqual(5);
    const run = await records.runs.getRun(LEAVER.runId);
    expect(run?.cuts?.trello).toMatchObject({
      state: 'trying',
      attempts: 1,
      lastError: 'TrelloUnavailableError: Trello answered 503',
    });
    expect(run?.steps).toEqual([
      expect.objectContaining({
        step: 'deactivate-member',
        result: 'failed',
        detail: expect.stringMatching(/^Try 1 of the/),
      }),
    ]);
  });

  it('counts the tries and never waits past the keep-trying window', async () => {
    // Prepare
    const { clock, deps } = await anOffboardingWithPorts();
    await noteCutDelay(LEAVER, 'idp', CUT_CLOCK, { Error: 'IdpUnavailableError' }, deps);
    clock.at = '2026-12-02T08:59:58.000Z';
    // Act
    const delay = await noteCutDelay(LEAVER, 'idp', CUT_CLOCK, { Error: 'IdpUnavailableError' }, deps);
    // Assess
    expect(delay).toEqual({ attempt: 2, waitSeconds: 2, giveUp: false });
  });

  it('waits longer each time the IdP pacer refused a sign-in cut, up to 2 minutes, still trying', async () => {
    // Prepare: a layoff's cuts queue for the IdP's rate (nothing was sent)
    const { records, deps } = await anOffboardingWithPorts();
    const refused = { Error: ErrorNames.IdpBusy, Cause: 'The okta rate limit is booked for longer' };
    // Act
    const waits: number[] = [];
    for (let i = 0; i < 6; i++)
      waits.push((await noteCutDelay(LEAVER, 'idp', CUT_CLOCK, refused, deps)).waitSeconds);
    // Assess: 10 s doubling (spread into its upper half), at most 2 minutes
    expect(waits[0]).toBeGreaterThanOrEqual(5);
    expect(waits[0]).toBeLessThanOrEqual(10);
    expect(waits[3]).toBeGreaterThanOrEqual(40);
    expect(Math.max(...waits)).toBeLessThanOrEqual(120);
    expect(waits[5]).toBeGreaterThanOrEqual(60);
    const run = await records.runs.getRun(LEAVER.runId);
    expect(run?.cuts?.idp).toMatchObject({ state: 'trying', attempts: 6 });
  });

  it('waits for the turn the IdP pacer gave a refused sign-in cut, whatever the try', async () => {
    // Prepare: the pacer's turn travels in the message of the Lambda error (Step Functions' Cause)
    const { deps } = await anOffboardingWithPorts();
    const turn = new IdpBusyError('The okta rate limit is booked for longer; nothing was sent', 437);
    const refused = {
      Error: ErrorNames.IdpBusy,
      Cause: JSON.stringify({ errorType: turn.name, errorMessage: turn.message, trace: [] }),
    };
    // Act
    const delays = [];
    for (let i = 0; i < 4; i++) delays.push(await noteCutDelay(LEAVER, 'idp', CUT_CLOCK, refused, deps));
    // Assess: the turn, not the doubling pause (10 s at the first try, at most 2 minutes)
    expect(turn.message).toMatch(/its turn comes in 437 s$/);
    expect(delays[0]?.waitSeconds).toBe(437);
    expect(delays[3]).toMatchObject({ attempt: 4, waitSeconds: 437, giveUp: false });
  });

  it('gives up once the window has passed: the cut is recorded given up and access remains', async () => {
    // Prepare
    const { records, clock, metrics, deps } = await anOffboardingWithPorts();
    clock.at = CUT_CLOCK.giveUpAt;
    // Act
    const delay = await noteCutDelay(LEAVER, 'trello', CUT_CLOCK, { Error: 'TrelloUnavailableError' }, deps);
    // Assess
    expect(delay).toEqual({ attempt: 1, waitSeconds: 0, giveUp: true });
    expect((await records.runs.getRun(LEAVER.runId))?.cuts?.trello).toMatchObject({
      state: 'gave-up',
      detail: expect.stringMatching(/Access remains: cut it by hand$/),
    });
    expect(metrics.ended).toEqual([expect.objectContaining({ cut: 'trello', state: 'gave-up' })]);
  });

  it('gives up at once on a defect no later try can change', async () => {
    // Prepare
    const { deps } = await anOffboardingWithPorts();
    // Act
    const delay = await noteCutDelay(
      LEAVER,
      'trello',
      CUT_CLOCK,
      { Error: ErrorNames.StepInputInvalid },
      deps,
    );
    // Assess
    expect(delay.giveUp).toBe(true);
  });
});

/** What the workflow hands Verify Offboarding after a run that cut everything and had no boards. */
const facts = (overrides: Partial<VerifyOffboardingFacts> = {}): VerifyOffboardingFacts => ({
  run: LEAVER,
  leaver: {
    memberId: MEMBER_ID,
    successorId: null,
    successorSource: 'none',
    boards: [],
    publicBoards: [],
    unchecked: null,
    handedOver: [],
  },
  handover: [],
  member: { result: 'deactivated', memberId: MEMBER_ID },
  tokens: { revokedByApi: 0, deletedByAdmin: false, remaining: 0, detail: 'No tokens' },
  idp: { result: 'changed', userId: '00u1' },
  ...overrides,
});

describe('verifyOffboarding', () => {
  it('reads both cuts back and reports the leaver offboarded, confirming changes left pending', async () => {
    // Prepare
    const { records, idp, deps } = await anOffboardingWithPorts();
    idp.addUser(anIdpUser({ active: false, status: 'SUSPENDED' }));
    await records.audit.beginAudit(LEAVER.runId, 'deactivate-member|member:x', {
      at: NOW,
      actor: LEAVER.actor,
      action: 'deactivate-member',
      target: 'member:x',
      detail: 'deactivate',
      runId: LEAVER.runId,
      employeeId: 'E1001',
    });
    // Act
    const report = await verifyOffboarding(facts(), deps);
    // Assess
    expect(report).toEqual({
      outcome: 'offboarded',
      gaps: [],
      detail: 'Trello member deactivated (seat freed). okta sign-in cut. No tokens',
    });
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['deactivate-member', 'begun'],
      ['deactivate-member', 'succeeded'],
    ]);
  });

  it('fails when Trello still shows the leaver active', async () => {
    // Prepare
    const { trello, deps } = await anOffboardingWithPorts(LEAVER, { idp: false });
    trello.members.get(MEMBER_ID)!.deactivated = false;
    // Act
    const verified = verifyOffboarding(facts({ idp: { result: 'not-configured', userId: null } }), deps);
    // Assess
    await expect(verified).rejects.toBeInstanceOf(ProvisioningNotVerifiedError);
  });

  it('fails when the IdP still lets the leaver sign in', async () => {
    // Prepare
    const { idp, deps } = await anOffboardingWithPorts();
    idp.addUser(anIdpUser());
    // Act
    const verified = verifyOffboarding(facts(), deps);
    // Assess
    await expect(verified).rejects.toThrow(/okta still lets ana.lima@example.com sign in/);
  });

  it('lists every gap an admin must close by hand', async () => {
    // Prepare
    const { deps } = await anOffboardingWithPorts(LEAVER, { idp: false });
    const leaver = {
      ...facts().leaver,
      publicBoards: [{ id: 'b9', name: 'Launch', url: 'https://trello.com/b/b9' }],
      handedOver: [{ boardId: 'b1', boardName: 'Roadmap', handedOver: false, detail: 'no successor' }],
    };
    // Act
    const report = await verifyOffboarding(
      facts({
        leaver,
        idp: { result: 'not-configured', userId: null },
        tokens: { revokedByApi: 1, deletedByAdmin: false, remaining: 2, detail: '1 token revoked' },
      }),
      deps,
    );
    // Assess
    expect(report.outcome).toBe('offboarded-with-gaps');
    expect(report.gaps).toEqual([
      'No identity provider is configured: cut their SSO access by hand',
      'Board "Roadmap" (b1) has no admin left: no successor',
      'Public board "Launch" stays readable by URL (https://trello.com/b/b9): close it or make it private',
      '2 Trello token(s) remain: delete them in the Enterprise dashboard',
    ]);
  });

  it.each([
    [
      'Trello refused the deactivation (AdminHub)',
      { member: { result: 'adminhub-managed' as const, memberId: MEMBER_ID } },
      /admin\.atlassian\.com/,
    ],
    [
      'the Trello cut gave up',
      { member: { result: 'gave-up' as const, memberId: MEMBER_ID } },
      /gave up deactivating them in Trello/,
    ],
    [
      'the IdP has no such user',
      { idp: { result: 'user-not-found' as const, userId: null } },
      /has no user ana.lima@example.com/,
    ],
  ])('reports access remaining when %s', async (_case, overrides, why) => {
    // Prepare
    const { idp, deps } = await anOffboardingWithPorts();
    idp.addUser(anIdpUser({ active: false, status: 'SUSPENDED' }));
    // Act
    const report = await verifyOffboarding(facts(overrides), deps);
    // Assess
    expect(report.outcome).toBe('access-remains');
    expect(report.detail).toMatch(/^ACCESS REMAINS: /);
    expect(report.gaps[0]).toMatch(why);
  });

  it('says so when the account-wide deactivation was approved, or rejected', async () => {
    // Prepare
    const { records, idp, deps } = await anOffboardingWithPorts();
    idp.addUser(anIdpUser({ active: false, status: 'SUSPENDED' }));
    const id = offboardingApprovalId(LEAVER.runId, 'account-deactivation');
    await records.approvals.putApproval(
      aSeatApproval({ id, runId: LEAVER.runId, kind: 'account-deactivation' }),
      't',
    );
    await records.approvals.decideApproval(id, {
      status: 'approved',
      by: 'it@example.com',
      at: NOW,
      comment: null,
    });
    // Act
    const report = await verifyOffboarding(facts(), deps);
    // Assess
    expect(report.detail).toContain('okta sign-in cut, whole account deactivated');
  });

  it('plans a dry run without reading anything back', async () => {
    // Prepare
    const run = { ...LEAVER, dryRun: true };
    const { deps } = await anOffboardingWithPorts(run);
    // Act
    const report = await verifyOffboarding(facts({ run }), deps);
    // Assess
    expect(report).toMatchObject({ outcome: 'dry-run', gaps: [] });
  });
});

describe('finishOffboarding', () => {
  it('ends a verified run succeeded, the person offboarded and released, and tells admins', async () => {
    // Prepare
    const { records, notifier, deps } = await anOffboardingWithPorts();
    // Act
    const end = await finishOffboarding(LEAVER, { outcome: 'offboarded', gaps: [], detail: 'all cut' }, deps);
    // Assess
    expect(end).toEqual({ status: 'succeeded', outcome: 'offboarded', failed: false });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'offboarded',
      currentRunId: null,
    });
    expect(notifier.sent).toEqual([
      expect.objectContaining({
        kind: 'run-finished',
        title: 'Offboarding of Ana Lima (ana.lima@example.com): offboarded',
      }),
    ]);
  });

  it('fails a run whose access remains, keeping the lifecycle, and alarms', async () => {
    // Prepare
    const { records, notifier, deps } = await anOffboardingWithPorts();
    // Act
    const end = await finishOffboarding(
      LEAVER,
      { outcome: 'access-remains', gaps: ['x'], detail: 'ACCESS REMAINS' },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'access-remains', outcome: 'access-remains', failed: true });
    expect((await records.people.getProfile('E1001'))?.lifecycle).toBe('offboarding');
    expect(notifier.sent.map((n) => n.kind)).toEqual(['run-failed']);
  });

  it('records a termination discarded from quarantine as skipped, telling nobody again', async () => {
    // Prepare
    const { records, notifier, deps } = await anOffboardingWithPorts();
    // Act
    const end = await finishOffboarding(
      LEAVER,
      { Error: ErrorNames.QuarantineDiscarded, Cause: 'Discarded by it' },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'skipped', outcome: 'discarded', failed: false });
    expect((await records.runs.getRun(LEAVER.runId))?.summary).toBe('Discarded by it');
    expect(notifier.sent).toEqual([]);
  });

  it('records a failed Begin Offboarding from its event, so the failure is on record', async () => {
    // Prepare
    const { records, notifier, deps } = await anOffboardingWithPorts();
    const event = anEvent({ id: 'evt-term-2', type: 'employee.terminated' });
    // Act
    const end = await finishFailedBegin(
      event,
      'exec-term-2',
      { Error: 'ConcurrentUpdateError', Cause: 'busy' },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'failed', outcome: 'failed:ConcurrentUpdateError', failed: true });
    expect(await records.runs.getRun('offboarding:evt-term-2')).toMatchObject({
      status: 'failed',
      executionName: 'exec-term-2',
    });
    expect(notifier.sent.map((n) => n.kind)).toEqual(['run-failed']);
  });
});

/**
 * The end of an onboarding: Verify Onboarding (Trello read back, never assumed), Restore IdP User
 * (rehires get their SSO back first) and Finish Onboarding (run, profile and notification written
 * in one place, by how the run ended). Records, Trello and the IdP in memory.
 */
import { describe, expect, it } from 'vitest';
import { ErrorNames, ProvisioningNotVerifiedError } from '../../../../functions/core/errors.ts';
import { finishOnboarding } from '../../../../functions/core/onboarding/finish-onboarding.ts';
import { restoreIdpUser } from '../../../../functions/core/onboarding/restore-idp-user.ts';
import { verifyOnboarding } from '../../../../functions/core/onboarding/verify-onboarding.ts';
import { aMember, anIdpUser } from '../../../support/builders.ts';
import { anOnboarding, HIRE, supersede } from '../../../support/onboarding-kit.ts';
import { aSeatApproval, auditOf, NOW } from '../../../support/run-builders.ts';

const MEMBER_ID = aMember().memberId;
const LICENSED = { outcome: 'licensed' as const, memberId: MEMBER_ID, detail: 'holds a seat', gaps: [] };

describe('verifyOnboarding', () => {
  it('reads the member back: a seat and every Workspace', async () => {
    // Prepare
    const { trello, deps, stepsOf } = await anOnboarding();
    trello.add(aMember({ licensed: true }));
    trello.join(MEMBER_ID, 'ws-all', 'ws-design');
    // Act
    const result = await verifyOnboarding(HIRE, deps);
    // Assess
    expect(result).toEqual({
      outcome: 'licensed',
      memberId: MEMBER_ID,
      detail: 'ana.lima@example.com holds a seat and is in 2 Workspace(s)',
      gaps: [],
    });
    expect(await stepsOf()).toEqual([['verify-onboarding', 'done']]);
  });

  it('answers invited for an account not confirmed yet', async () => {
    // Prepare
    const { trello, deps } = await anOnboarding();
    trello.add(aMember({ licensed: true, confirmed: false }));
    trello.join(MEMBER_ID, 'ws-all', 'ws-design');
    // Act
    const result = await verifyOnboarding(HIRE, deps);
    // Assess
    expect(result.outcome).toBe('invited');
  });

  it('reports a Workspace that refused them as a gap, not as missing', async () => {
    // Prepare
    const { trello, deps } = await anOnboarding();
    trello.add(aMember({ licensed: true }));
    trello.join(MEMBER_ID, 'ws-all');
    // Act
    const result = await verifyOnboarding(HIRE, deps, [
      { workspaceId: 'ws-design', detail: 'ws-design refused them' },
    ]);
    // Assess
    expect(result.gaps).toEqual(['ws-design refused them']);
    expect(result.detail).toMatch(/is in 1 Workspace\(s\); ws-design refused them$/);
  });

  it.each([
    ['no account', null, [], /shows no account/],
    ['no seat', aMember(), ['ws-all', 'ws-design'], /without a seat/],
    [
      'a deactivated account',
      aMember({ licensed: true, deactivated: true }),
      ['ws-all', 'ws-design'],
      /deactivated/,
    ],
    ['a missing Workspace', aMember({ licensed: true }), ['ws-all'], /outside Workspace\(s\) ws-design/],
  ])('fails with ProvisioningNotVerified when Trello shows %s', async (_case, member, workspaces, why) => {
    // Prepare
    const { trello, deps } = await anOnboarding();
    if (member) trello.add(member);
    trello.join(MEMBER_ID, ...workspaces);
    // Act
    const verified = verifyOnboarding(HIRE, deps);
    // Assess
    await expect(verified).rejects.toBeInstanceOf(ProvisioningNotVerifiedError);
    await expect(verified).rejects.toThrow(why);
  });
});

describe('restoreIdpUser', () => {
  it('restores a rehire who cannot sign in, audited', async () => {
    // Prepare
    const { records, idp, deps } = await anOnboarding();
    idp.addUser(anIdpUser({ active: false, status: 'SUSPENDED' }));
    // Act
    const restored = await restoreIdpUser(HIRE, { ...deps, idp });
    // Assess
    expect(restored).toEqual({ result: 'restored' });
    expect(idp.users.get('00u1')?.active).toBe(true);
    expect(await auditOf(records, HIRE.runId)).toEqual([
      ['idp-reactivate-account', 'begun'],
      ['idp-reactivate-account', 'succeeded'],
    ]);
  });

  it.each([
    ['someone who can already sign in', true, anIdpUser(), { result: 'already' }, 'skipped'],
    ['someone the IdP does not know', true, null, { result: 'user-not-found' }, 'failed'],
    ['no identity provider', false, null, { result: 'not-configured' }, 'skipped'],
  ])('changes nothing for %s, recording it', async (_case, configured, user, answer, step) => {
    // Prepare
    const { records, idp, deps, stepsOf } = await anOnboarding();
    if (user) idp.addUser(user);
    // Act
    const restored = await restoreIdpUser(HIRE, { ...deps, idp: configured ? idp : null });
    // Assess
    expect(restored).toEqual(answer);
    expect(await stepsOf()).toEqual([['restore-idp-user', step]]);
    expect(await records.audit.runAudit(HIRE.runId)).toEqual([]);
  });

  it('plans a dry run without restoring', async () => {
    // Prepare
    const run = { ...HIRE, dryRun: true };
    const { idp, deps } = await anOnboarding(run);
    idp.addUser(anIdpUser({ active: false, status: 'SUSPENDED' }));
    // Act
    const restored = await restoreIdpUser(run, { ...deps, idp });
    // Assess
    expect(restored).toEqual({ result: 'planned' });
    expect(idp.users.get('00u1')?.active).toBe(false);
  });
});

describe('finishOnboarding', () => {
  it('ends a verified run succeeded, the person active with their member id, and confirms changes left pending', async () => {
    // Prepare
    const { records, notifier, deps } = await anOnboarding();
    await records.audit.beginAudit(HIRE.runId, 'grant-seat|member:x', {
      at: NOW,
      actor: HIRE.actor,
      action: 'grant-seat',
      target: 'member:x',
      detail: 'License seat',
      runId: HIRE.runId,
      employeeId: 'E1001',
    });
    // Act
    const end = await finishOnboarding(HIRE, LICENSED, deps);
    // Assess
    expect(end).toEqual({ status: 'succeeded', outcome: 'licensed', failed: false });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'active',
      trelloMemberId: MEMBER_ID,
      currentRunId: null,
    });
    expect(await auditOf(records, HIRE.runId)).toEqual([
      ['grant-seat', 'begun'],
      ['grant-seat', 'succeeded'],
    ]);
    expect(notifier.sent).toEqual([]);
  });

  it('ends with gaps, telling admins once, when Workspaces refused them', async () => {
    // Prepare
    const { records, notifier, deps } = await anOnboarding();
    // Act
    const end = await finishOnboarding(HIRE, { ...LICENSED, gaps: ['ws-design refused them'] }, deps);
    // Assess
    expect(end.status).toBe('succeeded-with-gaps');
    expect((await records.people.getProfile('E1001'))?.lifecycle).toBe('active');
    expect(notifier.sent.map((n) => n.title)).toEqual([
      'Onboarding of Ana Lima (ana.lima@example.com) needs an admin: some Workspaces refused them',
    ]);
  });

  it.each([
    [ErrorNames.ApprovalRejected, 'not-provisioned:rejected'],
    [ErrorNames.ApprovalExpired, 'not-provisioned:approval-expired'],
    [ErrorNames.WorkspaceRestricted, 'not-provisioned:workspace-restricted'],
  ])(
    'ends a run that gave no access (%s) as not provisioned, withdrawing its open approval',
    async (error, outcome) => {
      // Prepare
      const { records, notifier, deps } = await anOnboarding();
      await records.approvals.putApproval(
        aSeatApproval({ id: `${HIRE.runId}:seats`, runId: HIRE.runId }),
        'token',
      );
      // Act
      const end = await finishOnboarding(HIRE, { Error: error, Cause: 'Rejected by it' }, deps);
      // Assess
      expect(end).toEqual({ status: 'not-provisioned', outcome, failed: false });
      expect((await records.people.getProfile('E1001'))?.lifecycle).toBe('not-provisioned');
      expect(await records.approvals.getApproval(`${HIRE.runId}:seats`)).toMatchObject({
        status: 'expired',
        decidedBy: 'lanyard',
      });
      expect(notifier.sent.map((n) => n.kind)).toEqual(['run-finished']);
    },
  );

  it('ends a run with no first login in time as not provisioned', async () => {
    // Prepare
    const { deps } = await anOnboarding();
    // Act
    const end = await finishOnboarding(HIRE, { gaveUp: true }, deps);
    // Assess
    expect(end.outcome).toBe('not-provisioned:no-first-login');
  });

  it('fails a run on any other error, keeping the lifecycle and alarming admins', async () => {
    // Prepare
    const { records, notifier, deps } = await anOnboarding();
    // Act
    const end = await finishOnboarding(
      HIRE,
      { Error: 'TrelloUnavailableError', Cause: JSON.stringify({ errorMessage: 'Trello answered 503' }) },
      deps,
    );
    // Assess
    expect(end).toEqual({ status: 'failed', outcome: 'failed:TrelloUnavailableError', failed: true });
    expect(await records.runs.getRun(HIRE.runId)).toMatchObject({
      summary: 'TrelloUnavailableError: Trello answered 503',
    });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      lifecycle: 'onboarding',
      currentRunId: null,
    });
    expect(notifier.sent.map((n) => n.kind)).toEqual(['run-failed']);
  });

  it('leaves the person to the newer run when superseded', async () => {
    // Prepare
    const { records, deps } = await anOnboarding();
    await supersede(records);
    // Act
    const end = await finishOnboarding(HIRE, { Error: ErrorNames.RunSuperseded }, deps);
    // Assess
    expect(end.status).toBe('superseded');
    expect((await records.people.getProfile('E1001'))?.currentRunId).toBe('run-evt-term');
  });
});

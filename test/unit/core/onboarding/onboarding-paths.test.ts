/**
 * The onboarding steps around the grant: Decide Onboarding Path (one read, then the decision
 * tree), Invite To Workspace (never a second invite), Ensure Workspaces (one add per missing
 * Workspace) and Check First Login. Records, Trello in memory (test/support/onboarding-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigInvalidError,
  ProvisioningNotVerifiedError,
  RunSupersededError,
  StepInputInvalidError,
  WorkspaceRestrictedError,
} from '../../../../functions/core/errors.ts';
import { checkFirstLogin } from '../../../../functions/core/onboarding/check-first-login.ts';
import { decideOnboardingPath } from '../../../../functions/core/onboarding/decide-onboarding-path.ts';
import { ensureWorkspaces } from '../../../../functions/core/onboarding/ensure-workspaces.ts';
import { inviteToWorkspace } from '../../../../functions/core/onboarding/invite-to-workspace.ts';
import { aMember } from '../../../support/builders.ts';
import { anOnboarding, HIRE, supersede } from '../../../support/onboarding-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const MEMBER_ID = aMember().memberId;

describe('decideOnboardingPath', () => {
  it.each([
    ['a free managed account', aMember(), 'grant'],
    ['a board guest', aMember({ managed: false, collaborator: true }), 'grant'],
    ['a deactivated account', aMember({ deactivated: true }), 'reactivate-and-grant'],
  ] as const)('decides %s by one read, naming the member and recording why', async (_case, member, path) => {
    // Prepare
    const { trello, deps, stepsOf } = await anOnboarding();
    trello.add(member);
    // Act
    const decision = await decideOnboardingPath(HIRE, deps);
    // Assess
    expect(decision).toMatchObject({ path, memberId: MEMBER_ID });
    expect(await stepsOf()).toEqual([['decide-onboarding-path', 'done']]);
  });

  it.each([
    ['invite', 'invite'],
    ['wait-for-first-login', 'wait-for-first-login'],
  ] as const)(
    'decides someone Trello does not know by the new-user policy %s',
    async (newUserPolicy, path) => {
      // Prepare
      const { deps } = await anOnboarding(HIRE, { newUserPolicy });
      // Act
      const decision = await decideOnboardingPath(HIRE, deps);
      // Assess
      expect(decision).toMatchObject({ path, memberId: null });
    },
  );

  it('stops when a newer run took the person over', async () => {
    // Prepare
    const { records, deps } = await anOnboarding();
    await supersede(records);
    // Act
    const decided = decideOnboardingPath(HIRE, deps);
    // Assess
    await expect(decided).rejects.toBeInstanceOf(RunSupersededError);
  });
});

describe('inviteToWorkspace', () => {
  it('invites the person to the default Workspace once, audited, and reads back their new account', async () => {
    // Prepare
    const { records, trello, deps, stepsOf } = await anOnboarding();
    // Act
    const invited = await inviteToWorkspace(HIRE, deps);
    // Assess
    expect(invited).toMatchObject({ path: 'invite', memberId: 'invited-1' });
    expect(trello.writes).toEqual(['invite ana.lima@example.com to ws-all as normal']);
    expect(await auditOf(records, HIRE.runId)).toEqual([
      ['invite-to-workspace', 'begun'],
      ['invite-to-workspace', 'succeeded'],
    ]);
    expect(await stepsOf()).toEqual([['invite-to-workspace', 'done']]);
  });

  it('sends no second invite when the step runs again', async () => {
    // Prepare
    const { trello, deps } = await anOnboarding();
    await inviteToWorkspace(HIRE, deps);
    // Act
    const again = await inviteToWorkspace(HIRE, deps);
    // Assess
    expect(again).toMatchObject({ memberId: 'invited-1', reason: 'Already invited (invited-1)' });
    expect(trello.writes).toHaveLength(1);
  });

  it('records the refusal of a restricted default Workspace and fails with WorkspaceRestricted', async () => {
    // Prepare
    const { trello, deps, stepsOf } = await anOnboarding();
    trello.refuseWorkspaces.set('ws-all', new WorkspaceRestrictedError('domain not allowed', 'email-domain'));
    // Act
    const invite = inviteToWorkspace(HIRE, deps);
    // Assess
    await expect(invite).rejects.toBeInstanceOf(WorkspaceRestrictedError);
    await expect(invite).rejects.toThrow(/Workspace ws-all refused ana.lima@example.com/);
    expect(await stepsOf()).toEqual([['invite-to-workspace', 'failed']]);
  });

  it('fails when Trello accepted the invitation but shows no account', async () => {
    // Prepare
    const { trello, deps } = await anOnboarding();
    trello.ignoreInvites = true;
    // Act
    const invite = inviteToWorkspace(HIRE, deps);
    // Assess
    await expect(invite).rejects.toBeInstanceOf(ProvisioningNotVerifiedError);
  });

  it('rejects an invitation without a default Workspace, inviting nobody', async () => {
    // Prepare
    const { trello, deps } = await anOnboarding(HIRE, { defaultWorkspaceId: null });
    // Act
    const invite = inviteToWorkspace(HIRE, deps);
    // Assess
    await expect(invite).rejects.toBeInstanceOf(ConfigInvalidError);
    expect(trello.writes).toEqual([]);
  });

  it('plans a dry run without inviting', async () => {
    // Prepare
    const run = { ...HIRE, dryRun: true };
    const { trello, deps, stepsOf } = await anOnboarding(run);
    // Act
    await inviteToWorkspace(run, deps);
    // Assess
    expect(trello.writes).toEqual([]);
    expect(await stepsOf()).toEqual([['invite-to-workspace', 'planned']]);
  });
});

describe('ensureWorkspaces', () => {
  it('adds the member to each missing Workspace, the default and the department’s, audited once each', async () => {
    // Prepare
    const { records, trello, deps } = await anOnboarding();
    trello.add(aMember({ licensed: true }));
    trello.join(MEMBER_ID, 'ws-all');
    // Act
    const result = await ensureWorkspaces(HIRE, MEMBER_ID, deps);
    // Assess
    expect(result).toEqual({ added: ['ws-design'], refused: [] });
    expect(trello.writes).toEqual([`add ${MEMBER_ID} to ws-design as normal`]);
    expect(await auditOf(records, HIRE.runId)).toEqual([
      ['add-to-workspace', 'begun'],
      ['add-to-workspace', 'succeeded'],
    ]);
  });

  it('reports a Workspace whose restrictions refuse them and still adds the others', async () => {
    // Prepare
    const { trello, deps, stepsOf } = await anOnboarding();
    trello.add(aMember({ licensed: true }));
    trello.refuseWorkspaces.set('ws-all', new WorkspaceRestrictedError('managed only', 'managed-only'));
    // Act
    const result = await ensureWorkspaces(HIRE, MEMBER_ID, deps);
    // Assess
    expect(result.added).toEqual(['ws-design']);
    expect(result.refused).toEqual([
      expect.objectContaining({ workspaceId: 'ws-all', restriction: 'managed-only' }),
    ]);
    expect(await stepsOf()).toEqual([['ensure-workspaces', 'done']]);
  });

  it('writes nothing for a member already in every Workspace', async () => {
    // Prepare
    const { trello, deps } = await anOnboarding();
    trello.add(aMember({ licensed: true }));
    trello.join(MEMBER_ID, 'ws-all', 'ws-design');
    // Act
    const result = await ensureWorkspaces(HIRE, MEMBER_ID, deps);
    // Assess
    expect(result).toEqual({ added: [], refused: [] });
    expect(trello.writes).toEqual([]);
  });

  it.each([
    [
      'skips when no Workspace is configured',
      { defaultWorkspaceId: null, departmentWorkspaces: {} },
      false,
      'skipped',
    ],
    ['plans a dry run', {}, true, 'planned'],
  ])('%s, writing nothing', async (_case, settings, dryRun, result) => {
    // Prepare
    const run = { ...HIRE, dryRun };
    const { trello, deps, stepsOf } = await anOnboarding(run, settings);
    // Act
    await ensureWorkspaces(run, MEMBER_ID, deps);
    // Assess
    expect(trello.writes).toEqual([]);
    expect(await stepsOf()).toEqual([['ensure-workspaces', result]]);
  });

  it('rejects a call without the member id', async () => {
    // Prepare
    const { deps } = await anOnboarding();
    // Act
    const ensured = ensureWorkspaces(HIRE, null, deps);
    // Assess
    await expect(ensured).rejects.toBeInstanceOf(StepInputInvalidError);
  });
});

describe('checkFirstLogin', () => {
  const poll = {
    deadline: '2026-12-03T09:00:00.000Z',
    waitedSeconds: 0,
    backoff: { firstWaitSeconds: 300, maxWaitSeconds: 3600 },
  };

  it('answers logged in once Trello knows the person', async () => {
    // Prepare
    const { trello, deps } = await anOnboarding();
    trello.add(aMember());
    // Act
    const check = await checkFirstLogin(HIRE, poll, deps);
    // Assess
    expect(check).toEqual({ status: 'logged-in', waitSeconds: 0 });
  });

  it('waits, and looks again later, while the deadline is ahead', async () => {
    // Prepare
    const { deps, stepsOf } = await anOnboarding();
    // Act
    const check = await checkFirstLogin(HIRE, poll, deps);
    // Assess
    expect(check).toEqual({ status: 'waiting', waitSeconds: 300 });
    expect(await stepsOf()).toEqual([['check-first-login', 'skipped']]);
  });

  it('gives up at the deadline', async () => {
    // Prepare
    const { clock, deps } = await anOnboarding();
    clock.at = poll.deadline;
    // Act
    const check = await checkFirstLogin(HIRE, poll, deps);
    // Assess
    expect(check).toEqual({ status: 'gave-up', waitSeconds: 0 });
  });
});

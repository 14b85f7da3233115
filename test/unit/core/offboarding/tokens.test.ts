/**
 * What a leaver can still call APIs with: Review Tokens counts their Trello tokens (only an admin
 * can delete them, in the dashboard) and revokes their Atlassian API tokens, audited; Verify
 * Tokens counts again after the admin's task and records what is true. Records, Trello, the IdP
 * and the Atlassian tokens in memory.
 */
import { describe, expect, it } from 'vitest';
import { TrelloAuthFailedError } from '../../../../functions/core/errors.ts';
import { reviewTokens } from '../../../../functions/core/offboarding/review-tokens.ts';
import { verifyTokens } from '../../../../functions/core/offboarding/verify-tokens.ts';
import { aMember, anIdpUser } from '../../../support/builders.ts';
import { InMemoryAtlassianTokens } from '../../../support/fakes/in-memory-atlassian-tokens.ts';
import { anOffboardingWithPorts, LEAVER } from '../../../support/offboarding-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const MEMBER_ID = aMember().memberId;
const aToken = (id: string) => ({
  id,
  identifier: 'Butler',
  createdAt: null,
  expiresAt: null,
  canWrite: true,
});

async function prepare(run = LEAVER) {
  const kit = await anOffboardingWithPorts(run);
  const atlassian = new InMemoryAtlassianTokens();
  kit.idp.addUser(anIdpUser());
  return { ...kit, atlassian, deps: { ...kit.deps, atlassianTokens: atlassian } };
}

describe('reviewTokens', () => {
  it('counts the Trello tokens, asks an admin to delete them, and revokes the Atlassian API tokens under audit', async () => {
    // Prepare
    const { records, trello, atlassian, deps } = await prepare();
    trello.tokens.set(MEMBER_ID, [aToken('t1'), aToken('t2')]);
    atlassian.tokens.set('00u1', [{ id: 'a1', label: 'CI pipeline' }]);
    // Act
    const review = await reviewTokens(LEAVER, MEMBER_ID, deps);
    // Assess
    expect(review).toEqual({ trelloTokens: 2, atlassianRevoked: 1, needsAdminTask: true, task: 'pending' });
    expect(atlassian.revoked).toEqual(['a1']);
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['revoke-atlassian-token', 'begun'],
      ['revoke-atlassian-token', 'succeeded'],
    ]);
  });

  it('needs no admin task for a leaver without Trello tokens', async () => {
    // Prepare
    const { deps } = await prepare();
    // Act
    const review = await reviewTokens(LEAVER, MEMBER_ID, deps);
    // Assess
    expect(review).toEqual({
      trelloTokens: 0,
      atlassianRevoked: 0,
      needsAdminTask: false,
      task: 'not-needed',
    });
  });

  it('asks an admin when Trello will not list the tokens', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.refuseTokens = new TrelloAuthFailedError('unauthorized');
    // Act
    const review = await reviewTokens(LEAVER, MEMBER_ID, deps);
    // Assess
    expect(review).toMatchObject({ trelloTokens: null, needsAdminTask: true });
  });

  it('revokes nothing and asks nobody in a dry run', async () => {
    // Prepare
    const run = { ...LEAVER, dryRun: true };
    const { trello, atlassian, deps } = await prepare(run);
    trello.tokens.set(MEMBER_ID, [aToken('t1')]);
    atlassian.tokens.set('00u1', [{ id: 'a1', label: 'CI pipeline' }]);
    // Act
    const review = await reviewTokens(run, MEMBER_ID, deps);
    // Assess
    expect(review).toMatchObject({ atlassianRevoked: 1, needsAdminTask: false });
    expect(atlassian.revoked).toEqual([]);
  });
});

describe('verifyTokens', () => {
  const review = { trelloTokens: 2, atlassianRevoked: 1, needsAdminTask: true };

  it('confirms an admin deleted the Trello tokens when none are left', async () => {
    // Prepare
    const { deps } = await prepare();
    // Act
    const outcome = await verifyTokens(LEAVER, MEMBER_ID, 'approved', review, deps);
    // Assess
    expect(outcome).toEqual({
      revokedByApi: 1,
      deletedByAdmin: true,
      remaining: 0,
      detail:
        '1 Atlassian API token(s) revoked by API; an admin deleted the Trello tokens in the dashboard (confirmed: none left)',
    });
  });

  it('does not take an admin’s word when Trello still lists tokens', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    trello.tokens.set(MEMBER_ID, [aToken('t1')]);
    // Act
    const outcome = await verifyTokens(LEAVER, MEMBER_ID, 'approved', review, deps);
    // Assess
    expect(outcome).toMatchObject({ deletedByAdmin: false, remaining: 1 });
    expect((await records.runs.getRun(LEAVER.runId))?.steps).toEqual([
      expect.objectContaining({ step: 'verify-tokens', result: 'failed' }),
    ]);
  });

  it('records the tokens left when the task was declined', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.tokens.set(MEMBER_ID, [aToken('t1'), aToken('t2')]);
    // Act
    const outcome = await verifyTokens(LEAVER, MEMBER_ID, 'rejected', review, deps);
    // Assess
    expect(outcome.detail).toMatch(/declined or expired: 2 Trello token\(s\) remain$/);
  });
});

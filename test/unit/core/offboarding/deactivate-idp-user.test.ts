/**
 * deactivateIdpUser, the sign-in cut: a deactivated Trello member can still sign in with SSO, so
 * the IdP cut is made, read back, audited and timed. Records and the IdP in memory.
 */

import { describe, expect, it } from 'vitest';
import { ProvisioningNotVerifiedError } from '../../../../functions/core/errors.ts';
import { deactivateIdpUser } from '../../../../functions/core/offboarding/deactivate-idp-user.ts';
import { anIdpUser } from '../../../support/builders.ts';
import { InMemoryIdp } from '../../../support/fakes/in-memory-idp.ts';
import { anOffboarding, CUT_CLOCK, LEAVER } from '../../../support/offboarding-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

async function prepare() {
  const offboarding = await anOffboarding();
  const idp = new InMemoryIdp();
  idp.addUser(anIdpUser());
  return { ...offboarding, idp, deps: { ...offboarding.base, idp } };
}

describe('deactivateIdpUser', () => {
  it('cuts the leaver off at sign-in, reads it back, audits it and records the cut done', async () => {
    // Prepare
    const { records, idp, deps } = await prepare();
    // Act
    const result = await deactivateIdpUser(LEAVER, 'sign-in', CUT_CLOCK, deps);
    // Assess
    expect(result).toEqual({ result: 'changed', userId: '00u1' });
    expect(idp.users.get('00u1')?.active).toBe(false);
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['idp-deactivate-sign-in', 'begun'],
      ['idp-deactivate-sign-in', 'succeeded'],
    ]);
    expect((await records.runs.getRun(LEAVER.runId))?.cuts?.idp).toMatchObject({ state: 'done', seconds: 0 });
  });

  it('records a user the IdP does not know as a refused cut, never as deactivated', async () => {
    // Prepare
    const { records, idp, deps } = await prepare();
    idp.users.clear();
    // Act
    const result = await deactivateIdpUser(LEAVER, 'sign-in', CUT_CLOCK, deps);
    // Assess
    expect(result).toEqual({ result: 'user-not-found', userId: null });
    expect((await records.runs.getRun(LEAVER.runId))?.cuts?.idp?.state).toBe('refused');
  });

  it('says SSO was not cut when no IdP is configured, timing nothing', async () => {
    // Prepare
    const { records, deps } = await prepare();
    // Act
    const result = await deactivateIdpUser(LEAVER, 'sign-in', CUT_CLOCK, { ...deps, idp: null });
    // Assess
    expect(result.result).toBe('not-configured');
    const run = await records.runs.getRun(LEAVER.runId);
    expect(run?.cuts).toBeUndefined();
    expect(run?.steps[0]?.detail).toMatch(/SSO access was not cut/);
  });

  it('rethrows an outage with a failed audit outcome, leaving the cut to be tried again', async () => {
    // Prepare
    const { records, idp, deps } = await prepare();
    idp.failNextDeactivate = new Error('Okta answered 503');
    // Act
    const cut = deactivateIdpUser(LEAVER, 'sign-in', CUT_CLOCK, deps);
    // Assess
    await expect(cut).rejects.toThrow('Okta answered 503');
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['idp-deactivate-sign-in', 'begun'],
      ['idp-deactivate-sign-in', 'failed'],
    ]);
    expect((await records.runs.getRun(LEAVER.runId))?.cuts).toBeUndefined();
  });

  it('fails when the read-back still shows the leaver able to sign in', async () => {
    // Prepare
    const { idp, deps } = await prepare();
    idp.ignoreDeactivate = true;
    // Act
    const cut = deactivateIdpUser(LEAVER, 'sign-in', CUT_CLOCK, deps);
    // Assess
    await expect(cut).rejects.toBeInstanceOf(ProvisioningNotVerifiedError);
  });
});

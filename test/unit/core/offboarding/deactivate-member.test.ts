/**
 * deactivateMember, the Trello access cut: one write, read back, audited, timed against the SLO.
 * Records in memory; Trello's members in memory (test/support/fakes/in-memory-trello-members.ts).
 */

import { describe, expect, it } from 'vitest';
import {
  AdminHubManagedError,
  ProvisioningNotVerifiedError,
  RunSupersededError,
} from '../../../../functions/core/errors.ts';
import { deactivateMember } from '../../../../functions/core/offboarding/deactivate-member.ts';
import { aMember } from '../../../support/builders.ts';
import { InMemoryTrelloMembers } from '../../../support/fakes/in-memory-trello-members.ts';
import { anOffboarding, CUT_CLOCK, LEAVER } from '../../../support/offboarding-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const MEMBER_ID = aMember().memberId;

async function prepare(member = aMember({ licensed: true }), run = LEAVER) {
  const offboarding = await anOffboarding(run);
  const trello = new InMemoryTrelloMembers();
  trello.add(member);
  return { ...offboarding, trello, deps: { ...offboarding.base, trello } };
}

describe('deactivateMember', () => {
  it('deactivates the leaver, reads it back, audits the change and records the cut done on time', async () => {
    // Prepare
    const { records, trello, metrics, deps, clock } = await prepare();
    clock.at = '2026-12-01T09:00:42.000Z';
    // Act
    const result = await deactivateMember(LEAVER, CUT_CLOCK, deps);
    // Assess
    expect(result).toEqual({ result: 'deactivated', memberId: MEMBER_ID });
    expect(trello.members.get(MEMBER_ID)?.deactivated).toBe(true);
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['deactivate-member', 'begun'],
      ['deactivate-member', 'succeeded'],
    ]);
    const run = await records.runs.getRun(LEAVER.runId);
    expect(run?.cuts?.trello).toMatchObject({ state: 'done', seconds: 42, lateNotifiedAt: null });
    expect(run?.steps).toEqual([expect.objectContaining({ step: 'deactivate-member', result: 'done' })]);
    expect(metrics.ended).toEqual([{ cut: 'trello', state: 'done', seconds: 42 }]);
  });

  it('writes nothing for a member already deactivated, and records the cut done', async () => {
    // Prepare
    const { records, trello, deps } = await prepare(aMember({ deactivated: true }));
    // Act
    const result = await deactivateMember(LEAVER, CUT_CLOCK, deps);
    // Assess
    expect(result.result).toBe('already');
    expect(trello.writes).toEqual([]);
    expect(await auditOf(records, LEAVER.runId)).toEqual([]);
    expect((await records.runs.getRun(LEAVER.runId))?.cuts?.trello?.state).toBe('done');
  });

  it('records a leaver without a Trello account as nothing to cut', async () => {
    // Prepare
    const { records, trello, deps } = await prepare(aMember({ email: 'someone.else@example.com' }));
    // Act
    const result = await deactivateMember(LEAVER, CUT_CLOCK, deps);
    // Assess
    expect(result).toEqual({ result: 'no-account', memberId: null });
    expect(trello.writes).toEqual([]);
    expect((await records.runs.getRun(LEAVER.runId))?.steps[0]).toMatchObject({ result: 'skipped' });
  });

  it('records the cut refused when the Enterprise is managed in Atlassian Administration', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    trello.refuse = new AdminHubManagedError('Managed in Atlassian Administration');
    // Act
    const result = await deactivateMember(LEAVER, CUT_CLOCK, deps);
    // Assess
    expect(result.result).toBe('adminhub-managed');
    expect((await records.runs.getRun(LEAVER.runId))?.cuts?.trello?.state).toBe('refused');
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['deactivate-member', 'begun'],
      ['deactivate-member', 'failed'],
    ]);
  });

  it('fails when Trello still shows the leaver active after the write, leaving the cut trying', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    trello.ignoreWrites = true;
    // Act
    const cut = deactivateMember(LEAVER, CUT_CLOCK, deps);
    // Assess
    await expect(cut).rejects.toBeInstanceOf(ProvisioningNotVerifiedError);
    expect((await records.runs.getRun(LEAVER.runId))?.cuts?.trello).toBeUndefined();
  });

  it('plans a dry run without writing or timing a cut', async () => {
    // Prepare
    const run = { ...LEAVER, dryRun: true };
    const { records, trello, deps } = await prepare(aMember(), run);
    // Act
    const result = await deactivateMember(run, CUT_CLOCK, deps);
    // Assess
    expect(result.result).toBe('planned');
    expect(trello.writes).toEqual([]);
    expect((await records.runs.getRun(LEAVER.runId))?.cuts).toBeUndefined();
  });

  it('stops without a change when a newer run owns the person', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    const profile = await records.people.getProfile(LEAVER.person.id);
    await records.people.putProfile(
      { ...(profile as NonNullable<typeof profile>), currentRunId: 'run-newer' },
      1,
    );
    // Act
    const cut = deactivateMember(LEAVER, CUT_CLOCK, deps);
    // Assess
    await expect(cut).rejects.toBeInstanceOf(RunSupersededError);
    expect(trello.writes).toEqual([]);
  });
});

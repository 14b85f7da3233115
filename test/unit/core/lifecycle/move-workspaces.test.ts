/**
 * Movers, through Apply Profile Event: an `employee.updated` with a new department moves the
 * person's Workspace memberships (department → Workspace map) under audit, in a run keyed on the
 * event, before the record takes the new department. Records and Trello in memory
 * (test/support/profile-event-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import { TrelloRateLimitedError, WorkspaceRestrictedError } from '../../../../functions/core/errors.ts';
import { applyProfileEvent } from '../../../../functions/core/lifecycle/apply-profile-event.ts';
import { moverRunId } from '../../../../functions/core/lifecycle/move-workspaces.ts';
import { anUpdate, aProvisionedPerson, MEMBER_ID } from '../../../support/profile-event-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const RUN_ID = moverRunId('evt-update');
const toSales = anUpdate({ department: 'Sales' });

describe('a mover (employee.updated with a new department)', () => {
  it("joins the new department's Workspace, leaves the old one, keeps the default one, all audited, then records the department", async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson();
    // Act
    const result = await applyProfileEvent(toSales, deps);
    // Assess
    expect(result).toEqual({ applied: true, reason: `Applied employee.updated; run ${RUN_ID}` });
    expect(await trello.memberWorkspaceIds(MEMBER_ID)).toEqual(['ws-all', 'ws-sales']);
    expect(trello.writes).toEqual([
      `add ${MEMBER_ID} to ws-sales as normal`,
      `remove ${MEMBER_ID} from ws-design`,
    ]);
    expect(await auditOf(records, RUN_ID)).toEqual([
      ['add-to-workspace', 'begun'],
      ['add-to-workspace', 'succeeded'],
      ['remove-from-workspace', 'begun'],
      ['remove-from-workspace', 'succeeded'],
    ]);
    expect(await records.runs.getRun(RUN_ID)).toMatchObject({
      kind: 'mover',
      status: 'succeeded',
      outcome: 'moved',
      summary: 'Moved from Design to Sales: added to ws-sales; removed from ws-design',
      steps: [expect.objectContaining({ step: 'move-workspaces', result: 'done' })],
    });
    expect((await records.people.getProfile('E1001'))?.department).toBe('Sales');
  });

  it('changes nothing in Trello when the same update comes again', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson();
    await applyProfileEvent(toSales, deps);
    // Act
    const again = await applyProfileEvent(toSales, deps);
    // Assess
    expect(again).toEqual({ applied: true, reason: 'Already applied' });
    expect(trello.writes).toHaveLength(2);
    expect(await records.audit.runAudit(RUN_ID)).toHaveLength(4);
  });

  it('adds only what is missing when a move was interrupted after its Trello changes', async () => {
    // Prepare: Trello already shows the move; the run was never recorded.
    const { trello, deps } = await aProvisionedPerson();
    trello.join(MEMBER_ID, 'ws-sales');
    trello.workspaces.get('ws-design')?.delete(MEMBER_ID);
    // Act
    const result = await applyProfileEvent(toSales, deps);
    // Assess
    expect(result.applied).toBe(true);
    expect(trello.writes).toEqual([]);
  });

  it('keeps the old Workspace while they administer a board in it, and ends with gaps saying what to do', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson();
    trello.addBoard({ id: 'b1', name: 'Roadmap', workspaceId: 'ws-design' }, MEMBER_ID, 'admin');
    // Act
    await applyProfileEvent(toSales, deps);
    // Assess
    expect(trello.writes).toEqual([`add ${MEMBER_ID} to ws-sales as normal`]);
    expect(await records.runs.getRun(RUN_ID)).toMatchObject({
      status: 'succeeded-with-gaps',
      outcome: 'moved-with-gaps',
      summary: expect.stringContaining(
        'kept in ws-design: admin of board(s) "Roadmap" in it — hand them over',
      ),
    });
    expect((await records.people.getProfile('E1001'))?.department).toBe('Sales');
  });

  it('leaves a Workspace where they are only a normal member of a board', async () => {
    // Prepare
    const { trello, deps } = await aProvisionedPerson();
    trello.addBoard({ id: 'b1', name: 'Roadmap', workspaceId: 'ws-design' }, MEMBER_ID, 'normal');
    // Act
    await applyProfileEvent(toSales, deps);
    // Assess
    expect(trello.writes).toContain(`remove ${MEMBER_ID} from ws-design`);
  });

  it('reports a new Workspace whose restrictions refuse them, does the rest, and tells admins once', async () => {
    // Prepare
    const { records, trello, notifier, deps } = await aProvisionedPerson();
    trello.refuseWorkspaces.set(
      'ws-sales',
      new WorkspaceRestrictedError('managed members only', 'managed-only'),
    );
    // Act
    const result = await applyProfileEvent(toSales, deps);
    // Assess
    expect(result.applied).toBe(true);
    expect(trello.writes).toEqual([`remove ${MEMBER_ID} from ws-design`]);
    expect(await records.runs.getRun(RUN_ID)).toMatchObject({
      status: 'succeeded-with-gaps',
      outcome: 'moved-with-gaps',
      summary: expect.stringContaining('Workspace ws-sales refused ana.lima@example.com'),
    });
    expect(await auditOf(records, RUN_ID)).toEqual([
      ['add-to-workspace', 'begun'],
      ['add-to-workspace', 'failed'],
      ['remove-from-workspace', 'begun'],
      ['remove-from-workspace', 'succeeded'],
    ]);
    expect(notifier.sent).toEqual([
      expect.objectContaining({
        kind: 'run-finished',
        title: 'Workspaces of Ana Lima (ana.lima@example.com) refused them after their move to Sales',
        runId: RUN_ID,
      }),
    ]);
  });

  it('fails the run and keeps the old department when Trello does not answer, so the same change can be sent again', async () => {
    // Prepare
    const { records, trello, notifier, deps } = await aProvisionedPerson();
    trello.refuse = new TrelloRateLimitedError('429', 'API_KEY_LIMIT_EXCEEDED');
    // Act
    const result = await applyProfileEvent(toSales, deps);
    // Assess
    expect(result).toEqual({
      applied: false,
      reason: `Not applied: run ${RUN_ID} failed; the record is as it was`,
    });
    expect(await records.runs.getRun(RUN_ID)).toMatchObject({
      status: 'failed',
      outcome: 'failed:TrelloRateLimitedError',
    });
    expect(notifier.sent).toEqual([
      expect.objectContaining({ kind: 'run-failed', title: expect.stringMatching(/not moved to Sales$/) }),
    ]);
    expect(await records.people.getProfile('E1001')).toMatchObject({ department: 'Design', version: 1 });
  });

  it('keeps the old department when the failed move is run again (Lambda retrying after the notification failed)', async () => {
    // Prepare
    const { records, trello, notifier, deps } = await aProvisionedPerson();
    trello.refuse = new TrelloRateLimitedError('429', 'API_KEY_LIMIT_EXCEEDED');
    notifier.notify = async () => {
      throw new Error('SNS is unavailable');
    };
    await expect(applyProfileEvent(toSales, deps)).rejects.toThrow('SNS is unavailable');
    trello.refuse = null;
    // Act
    const retried = await applyProfileEvent(toSales, deps);
    // Assess
    expect(retried).toEqual({
      applied: false,
      reason: `Not applied: run ${RUN_ID} failed; the record is as it was`,
    });
    expect(trello.writes).toEqual([]);
    expect((await records.people.getProfile('E1001'))?.department).toBe('Design');
  });

  it('records the plan of a dry run and changes neither Trello nor the record', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson();
    // Act
    const result = await applyProfileEvent({ ...toSales, dryRun: true }, deps);
    // Assess
    expect(result).toEqual({ applied: false, reason: `Dry run: recorded only; run ${RUN_ID}` });
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(RUN_ID)).toMatchObject({
      status: 'succeeded',
      outcome: 'dry-run',
      summary: 'Moved from Design to Sales: Would have added to ws-sales; removed from ws-design',
      steps: [expect.objectContaining({ result: 'planned' })],
    });
    expect((await records.people.getProfile('E1001'))?.department).toBe('Design');
  });

  it.each([
    ['the department is unchanged', {}, anUpdate({ department: 'Design' })],
    ['neither department has a Workspace', { department: 'Legal' }, anUpdate({ department: 'Finance' })],
    ['they are still being onboarded', { lifecycle: 'onboarding' as const }, toSales],
    ['they have no Trello account on record', { trelloMemberId: null }, toSales],
  ])('changes nothing in Trello and starts no run when %s', async (_case, profile, event) => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson({ profile });
    // Act
    const result = await applyProfileEvent(event, deps);
    // Assess
    expect(result).toEqual({ applied: true, reason: 'Applied employee.updated' });
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(RUN_ID)).toBeNull();
  });
});

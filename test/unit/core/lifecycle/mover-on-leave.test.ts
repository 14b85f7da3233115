/**
 * A department change for someone on a `free-seat` leave (their Trello account deactivated, which
 * Trello refuses to add to a Workspace): the record takes the update at once and nothing is tried
 * in Trello; the return reactivates them, grants a seat, then moves their Workspaces from the
 * department they left under to the record's (the mover's rules: added to the new one, removed
 * from the old one unless they still administer a board in it), each change audited once.
 * Records, Trello and the IdP in memory (test/support/profile-event-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import { leaveRunId } from '../../../../functions/core/lifecycle/apply-leave.ts';
import { applyProfileEvent } from '../../../../functions/core/lifecycle/apply-profile-event.ts';
import { moverRunId } from '../../../../functions/core/lifecycle/move-workspaces.ts';
import { aLeave, anUpdate, aProvisionedPerson, MEMBER_ID } from '../../../support/profile-event-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const LEAVE = aLeave('employee.leave_started');
/** Her return, HR's data now naming her new department. */
const BACK = aLeave('employee.leave_ended', {
  employee: { id: 'E1001', email: 'ana.lima@example.com', fullName: 'Ana Ek', department: 'Sales' },
});
/** Ana, now Ana Ek, moves to Sales while on leave. */
const MOVE = anUpdate(
  { fullName: 'Ana Ek', department: 'Sales' },
  { effectiveAt: '2026-12-10T09:00:00.000Z', occurredAt: '2026-12-09T09:00:00.000Z' },
);

/** Ana on a free-seat leave begun in Design: deactivated, her seat freed. */
async function onAFreeSeatLeave() {
  const kit = await aProvisionedPerson({ leavePolicy: 'free-seat' });
  await applyProfileEvent(LEAVE, kit.deps);
  kit.trello.writes.length = 0;
  return kit;
}

describe('a mover on a leave that freed their seat', () => {
  it('takes the update into the record at once and tries nothing in Trello', async () => {
    // Prepare
    const { records, trello, notifier, deps } = await onAFreeSeatLeave();
    // Act
    const result = await applyProfileEvent(MOVE, deps);
    // Assess
    expect(result.applied).toBe(true);
    expect(await records.people.getProfile('E1001')).toMatchObject({
      fullName: 'Ana Ek',
      department: 'Sales',
      onLeave: true,
    });
    expect(trello.writes).toEqual([]);
    expect(await records.runs.getRun(moverRunId('evt-update'))).toBeNull();
    expect(notifier.sent).toEqual([]);
  });

  it('moves their Workspaces to the new department when the leave ends, after the seat', async () => {
    // Prepare
    const { records, trello, deps } = await onAFreeSeatLeave();
    await applyProfileEvent(MOVE, deps);
    // Act
    await applyProfileEvent(BACK, deps);
    // Assess
    expect(trello.writes).toEqual([
      `reactivate ${MEMBER_ID}`,
      `license ${MEMBER_ID}`,
      `add ${MEMBER_ID} to ws-sales as normal`,
      `remove ${MEMBER_ID} from ws-design`,
    ]);
    const runId = leaveRunId('evt-back');
    expect((await auditOf(records, runId)).filter(([, result]) => result === 'succeeded')).toEqual([
      ['reactivate-after-leave', 'succeeded'],
      ['grant-seat-after-leave', 'succeeded'],
      ['add-to-workspace', 'succeeded'],
      ['remove-from-workspace', 'succeeded'],
    ]);
    expect(await records.runs.getRun(runId)).toMatchObject({
      status: 'succeeded',
      summary: expect.stringContaining('Workspaces moved from Design to Sales'),
    });
    expect(await records.people.getProfile('E1001')).toMatchObject({ department: 'Sales', onLeave: false });
  });

  it('keeps the old Workspace of a board they administer, and says so, when the leave ends', async () => {
    // Prepare
    const { records, trello, notifier, deps } = await onAFreeSeatLeave();
    trello.addBoard({ id: 'b1', name: 'Roadmap', workspaceId: 'ws-design' }, MEMBER_ID, 'admin');
    await applyProfileEvent(MOVE, deps);
    // Act
    await applyProfileEvent(BACK, deps);
    // Assess
    expect(trello.writes).not.toContain(`remove ${MEMBER_ID} from ws-design`);
    expect(await records.runs.getRun(leaveRunId('evt-back'))).toMatchObject({
      status: 'succeeded-with-gaps',
      summary: expect.stringContaining('kept in ws-design: admin of board(s) "Roadmap"'),
    });
    expect(notifier.sent).toEqual([
      expect.objectContaining({ kind: 'run-finished', runId: leaveRunId('evt-back') }),
    ]);
  });

  it('moves no Workspace when the department did not change during the leave', async () => {
    // Prepare
    const { trello, deps } = await onAFreeSeatLeave();
    // Act
    await applyProfileEvent(aLeave('employee.leave_ended'), deps);
    // Assess
    expect(trello.writes).toEqual([`reactivate ${MEMBER_ID}`, `license ${MEMBER_ID}`]);
  });

  it('still moves a mover at once under suspend-sign-in (the Trello account stays active)', async () => {
    // Prepare
    const { trello, deps } = await aProvisionedPerson({ leavePolicy: 'suspend-sign-in' });
    await applyProfileEvent(LEAVE, deps);
    // Act
    await applyProfileEvent(MOVE, deps);
    // Assess
    expect(trello.writes).toEqual([
      `add ${MEMBER_ID} to ws-sales as normal`,
      `remove ${MEMBER_ID} from ws-design`,
    ]);
  });
});

/**
 * A leave's change follows HR order also when two leave events for one person run at once: the
 * older one, finding itself stale once its change is made, undoes it (apply-leave.ts `undoLeave`).
 * Records and the IdP in memory (test/support/fakes/, proven by the record contracts).
 */
import { describe, expect, it } from 'vitest';
import { applyProfileEvent } from '../../../../functions/core/lifecycle/apply-profile-event.ts';
import type { IdpScope, IdpUser } from '../../../../functions/ports/identity-provider.ts';
import type { TrelloAdmin } from '../../../../functions/ports/trello-admin.ts';
import { anIdpUser, aProfile } from '../../../support/builders.ts';
import { InMemoryIdp } from '../../../support/fakes/in-memory-idp.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import { anEvent, fixedClock } from '../../../support/run-builders.ts';

const HIRE = anEvent();
const LEAVE = anEvent({
  id: 'evt-leave',
  type: 'employee.leave_started',
  occurredAt: '2026-12-02T09:00:00.000Z',
  effectiveAt: '2026-12-03T09:00:00.000Z',
});
const BACK = anEvent({
  id: 'evt-back',
  type: 'employee.leave_ended',
  occurredAt: '2026-12-04T09:00:00.000Z',
  effectiveAt: '2026-12-05T09:00:00.000Z',
});

async function prepare() {
  const records = inMemoryRecords();
  const idp = new InMemoryIdp();
  idp.addUser(anIdpUser());
  const applied = {
    id: HIRE.id,
    type: HIRE.type,
    effectiveAt: HIRE.effectiveAt,
    occurredAt: HIRE.occurredAt,
  };
  await records.people.putProfile(
    aProfile({ lastEvent: applied, lastLifecycleEvent: applied, lastLeaveEvent: null }),
    null,
  );
  const deps = {
    ...records,
    clock: fixedClock(),
    notifier: new RecordingNotifier(),
    // Not called under suspend-sign-in: the IdP alone changes.
    trello: {} as TrelloAdmin,
    idp,
    leavePolicy: 'suspend-sign-in' as const,
    onboarding: { defaultWorkspaceId: null, departmentWorkspaces: {} },
  };
  return { records, idp, deps };
}

describe('applyProfileEvent, leave events at once', () => {
  it('restores the sign-in when the leave end was applied while the leave start cut it', async () => {
    // Prepare: the leave end arrives, and is applied, while the start's sign-in cut is under way.
    const { records, idp, deps } = await prepare();
    const cut = idp.deactivate.bind(idp);
    let back: Awaited<ReturnType<typeof applyProfileEvent>> | null = null;
    idp.deactivate = async (user: IdpUser, scope: IdpScope) => {
      const change = await cut(user, scope);
      back = await applyProfileEvent(BACK, deps);
      return change;
    };
    // Act
    const leave = await applyProfileEvent(LEAVE, deps);
    // Assess
    expect(back).toMatchObject({ applied: true });
    expect(leave).toMatchObject({ applied: false, reason: expect.stringContaining('leave-undo:evt-leave') });
    expect((await idp.findUser('ana.lima@example.com'))?.active).toBe(true);
    expect(await records.people.getProfile('E1001')).toMatchObject({
      onLeave: false,
      lastLeaveEvent: { id: 'evt-back' },
    });
    const undo = (await records.audit.runAudit('leave-undo:evt-leave')).map(
      ({ entry }) => `${entry.action} ${entry.result}`,
    );
    expect(undo).toEqual(['restore-sign-in-after-leave begun', 'restore-sign-in-after-leave succeeded']);
    expect(await records.runs.getRun('leave-undo:evt-leave')).toMatchObject({
      kind: 'leave',
      status: 'succeeded',
    });
  });

  it('undoes nothing when the leave events arrive one after the other', async () => {
    // Prepare
    const { records, idp, deps } = await prepare();
    // Act
    await applyProfileEvent(LEAVE, deps);
    await applyProfileEvent(BACK, deps);
    // Assess
    expect((await idp.findUser('ana.lima@example.com'))?.active).toBe(true);
    expect(await records.runs.getRun('leave-undo:evt-leave')).toBeNull();
    expect(await records.runs.getRun('leave:evt-back')).toMatchObject({ status: 'succeeded' });
  });
});

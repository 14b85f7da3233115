/**
 * Apply Profile Event for an `employee.updated` that moves no Workspace (an email, name or manager
 * change): the record takes the HR data in HR order, a stale event is only recorded in the
 * person's history, and a concurrent write is read again. Records in memory (movers and leaves:
 * move-workspaces.test.ts, apply-leave.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ConcurrentUpdateError } from '../../../../functions/core/errors.ts';
import { applyProfileEvent } from '../../../../functions/core/lifecycle/apply-profile-event.ts';
import { aLeave, anUpdate, aProvisionedPerson } from '../../../support/profile-event-kit.ts';
import { NOW } from '../../../support/run-builders.ts';

describe('applyProfileEvent (an update)', () => {
  it('records a new email, name and manager, and the event in their history, with nothing done in Trello', async () => {
    // Prepare
    const { records, trello, deps } = await aProvisionedPerson();
    const update = anUpdate({
      email: 'ana.souza@example.com',
      fullName: 'Ana Souza',
      managerEmail: 'new.boss@example.com',
    });
    // Act
    const result = await applyProfileEvent(update, deps);
    // Assess
    expect(result).toEqual({ applied: true, reason: 'Applied employee.updated' });
    expect(await records.people.getProfile('E1001')).toMatchObject({
      email: 'ana.souza@example.com',
      fullName: 'Ana Souza',
      managerEmail: 'new.boss@example.com',
      department: 'Design',
      lifecycle: 'active',
      trelloMemberId: trello.members.keys().next().value,
      lastEvent: { id: 'evt-update', type: 'employee.updated' },
      version: 2,
      updatedAt: NOW,
    });
    expect((await records.people.listPersonEvents('E1001')).map((e) => e.id)).toEqual(['evt-update']);
    expect(trello.writes).toEqual([]);
  });

  it('keeps the manager on record when the update does not name one', async () => {
    // Prepare
    const { records, deps } = await aProvisionedPerson({ profile: { managerEmail: 'bo@example.com' } });
    // Act
    await applyProfileEvent(anUpdate({ fullName: 'Ana L. Lima' }), deps);
    // Assess
    expect(await records.people.getProfile('E1001')).toMatchObject({
      fullName: 'Ana L. Lima',
      managerEmail: 'bo@example.com',
    });
  });

  it('only records an update older in HR order than the one applied, changing nothing else', async () => {
    // Prepare
    const { records, deps } = await aProvisionedPerson();
    await applyProfileEvent(anUpdate({ fullName: 'Ana Newer' }), deps);
    const older = anUpdate(
      { fullName: 'Ana Older' },
      { id: 'evt-older', effectiveAt: '2026-11-15T09:00:00.000Z', occurredAt: '2026-11-10T09:00:00.000Z' },
    );
    // Act
    const result = await applyProfileEvent(older, deps);
    // Assess
    expect(result).toEqual({
      applied: false,
      reason: 'Stale: older in HR order than evt-update; recorded only',
    });
    expect((await records.people.getProfile('E1001'))?.fullName).toBe('Ana Newer');
    expect((await records.people.listPersonEvents('E1001')).map((e) => e.id)).toEqual([
      'evt-older',
      'evt-update',
    ]);
  });

  it('starts a leave older than an update applied first, keeping the newer HR data', async () => {
    // Prepare
    const { records, deps } = await aProvisionedPerson();
    await applyProfileEvent(
      anUpdate({ fullName: 'Ana Newer' }, { effectiveAt: '2026-12-05T09:00:00.000Z' }),
      deps,
    );
    // Act
    const result = await applyProfileEvent(
      aLeave('employee.leave_started', { employee: anUpdate().employee }),
      deps,
    );
    // Assess
    expect(result.applied).toBe(true);
    expect(await records.people.getProfile('E1001')).toMatchObject({
      onLeave: true,
      fullName: 'Ana Newer',
      lastEvent: { id: 'evt-update' },
      lastLeaveEvent: { id: 'evt-leave' },
    });
  });

  it('creates the record of someone Lanyard never saw, not provisioned', async () => {
    // Prepare
    const { records, deps } = await aProvisionedPerson();
    const stranger = anUpdate({
      id: 'E2002',
      email: 'bo@example.com',
      fullName: 'Bo Berg',
      department: 'Sales',
    });
    // Act
    await applyProfileEvent(stranger, deps);
    // Assess
    expect(await records.people.getProfile('E2002')).toMatchObject({
      lifecycle: 'not-provisioned',
      trelloMemberId: null,
      department: 'Sales',
      onLeave: false,
      currentRunId: null,
      version: 1,
    });
  });

  it('reads the record again when another write lands between its read and its write', async () => {
    // Prepare
    const { records, deps } = await aProvisionedPerson();
    const put = records.people.putProfile.bind(records.people);
    let raced = false;
    records.people.putProfile = async (profile, version) => {
      if (!raced) {
        raced = true;
        const current = await records.people.getProfile('E1001');
        await put({ ...(current as NonNullable<typeof current>), currentRunId: 'run-other' }, version);
      }
      return put(profile, version);
    };
    // Act
    await applyProfileEvent(anUpdate({ fullName: 'Ana Souza' }), deps);
    // Assess
    expect(await records.people.getProfile('E1001')).toMatchObject({
      fullName: 'Ana Souza',
      currentRunId: 'run-other',
    });
  });

  it('gives up with ConcurrentUpdateError after five writes refused', async () => {
    // Prepare
    const { records, deps } = await aProvisionedPerson();
    let writes = 0;
    records.people.putProfile = async () => {
      writes += 1;
      throw new ConcurrentUpdateError('changed since it was read');
    };
    // Act
    const applied = applyProfileEvent(anUpdate({ fullName: 'Ana Souza' }), deps);
    // Assess
    await expect(applied).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(writes).toBe(5);
  });
});

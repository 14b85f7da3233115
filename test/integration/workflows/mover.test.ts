/**
 * Movers on the local stack: an `employee.updated` with a new department, published on the
 * lifecycle bus as the ingest would, moves the person's Workspace memberships per the department
 * map (the local stack maps each seeded Workspace's display name to it) — audited, as a `mover`
 * run; a Workspace where they still administer a board is kept and reported; a dry run and an
 * unchanged department change nothing in Trello.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeys } from '../../../functions/composition/config-keys.ts';
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import { moverRunId } from '../../../functions/core/lifecycle/move-workspaces.ts';
import {
  hrEvent,
  onboardedPerson,
  publishHrEvent,
  type StackHarness,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';

let h: StackHarness;
let map: Record<string, string>;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  map = JSON.parse(h.stack.env[ConfigKeys.departmentWorkspaces] ?? '{}') as Record<string, string>;
}, 120_000);
afterAll(() => h?.close());

const sim = () => h.stack.trello.state;

const publish = (detail: LifecycleEventDetail) => publishHrEvent(h, detail);
const onboarded = (email: string, department: string) => onboardedPerson(h, email, department);

const moved = (eventId: string) =>
  waitFor(
    'the mover run',
    async () => {
      const run = await h.records.runs.getRun(moverRunId(eventId));
      return run && run.status !== 'running' ? run : null;
    },
    60_000,
  );

describe('movers', () => {
  it('moves Workspace memberships with the department, audited', async () => {
    const [from, to] = Object.keys(map);
    if (!from || !to) throw new Error('the local stack maps fewer than two departments');
    const person = await onboarded('mover.one@example.com', from);
    expect(sim().organizationIdsOf(person.memberId)).toContain(map[from]);

    const update = hrEvent('employee.updated', { ...person.employee, department: to });
    await publish(update);
    const run = await moved(update.id);
    expect(run).toMatchObject({ kind: 'mover', status: 'succeeded', outcome: 'moved' });
    const workspaces = sim().organizationIdsOf(person.memberId);
    expect(workspaces).toContain(map[to]);
    expect(workspaces).not.toContain(map[from]);
    const audit = (await h.records.audit.runAudit(run.runId)).map(
      (a) => `${a.entry.action} ${a.entry.target} ${a.entry.result}`,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        `add-to-workspace workspace:${map[to]} succeeded`,
        `remove-from-workspace workspace:${map[from]} succeeded`,
      ]),
    );
    await waitFor(
      'the new department on the record',
      async () => (await h.records.people.getProfile(person.employee.id))?.department === to,
    );
  });

  it('keeps the old Workspace while they administer a board in it, and says so', async () => {
    const [from, to] = Object.keys(map);
    if (!from || !to) throw new Error('the local stack maps fewer than two departments');
    const person = await onboarded('mover.admin@example.com', from);
    await h.control('POST', '/boards', {
      name: 'Team roadmap',
      idOrganization: map[from],
      members: [{ idMember: person.memberId, type: 'admin' }],
    });
    const update = hrEvent('employee.updated', { ...person.employee, department: to });
    await publish(update);
    const run = await moved(update.id);
    expect(run).toMatchObject({ status: 'succeeded-with-gaps', outcome: 'moved-with-gaps' });
    expect(run.summary).toMatch(/kept in .*admin of board\(s\) "Team roadmap"/);
    expect(sim().organizationIdsOf(person.memberId)).toEqual(expect.arrayContaining([map[from], map[to]]));
  });

  it('changes nothing in Trello for a dry run or an unchanged department', async () => {
    const [from, to] = Object.keys(map);
    if (!from || !to) throw new Error('the local stack maps fewer than two departments');
    const person = await onboarded('mover.dry@example.com', from);
    const before = sim().organizationIdsOf(person.memberId).sort();
    const dry = hrEvent('employee.updated', { ...person.employee, department: to }, { dryRun: true });
    await publish(dry);
    const run = await moved(dry.id);
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'dry-run' });
    expect(run.summary).toMatch(/Would have added to/);
    const same = hrEvent('employee.updated', { ...person.employee, fullName: 'Renamed' });
    await publish(same);
    await waitFor(
      'the rename',
      async () => (await h.records.people.getProfile(person.employee.id))?.fullName === 'Renamed',
    );
    expect(await h.records.runs.getRun(moverRunId(same.id))).toBeNull();
    expect(sim().organizationIdsOf(person.memberId).sort()).toEqual(before);
  });
});

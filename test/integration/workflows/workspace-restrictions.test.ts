/**
 * Workspace membership restrictions on the local stack (issue 16, seed 001): a Workspace that
 * allows only approved email domains, or only managed members of the Enterprise, makes Trello
 * refuse an invite or an add. Onboarding and movers end with a clear outcome (the Workspace, the
 * restriction and what an admin can do), tell admins once, and never ask Trello again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeys } from '../../../functions/composition/config-keys.ts';
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import { moverRunId } from '../../../functions/core/lifecycle/move-workspaces.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  hrEvent,
  onboardedPerson,
  publishHrEvent,
  type StackHarness,
  startOnboarding,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';

let h: StackHarness;
let map: Record<string, string>;
let defaultWorkspaceId: string;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  map = JSON.parse(h.stack.env[ConfigKeys.departmentWorkspaces] ?? '{}') as Record<string, string>;
  defaultWorkspaceId = (await h.control<{ defaultWorkspaceId: string }>('GET', '/info')).defaultWorkspaceId;
}, 120_000);
afterAll(() => h?.close());

const restrict = (workspaceId: string, body: { orgInviteRestrict?: string[]; managedOnly?: boolean }) =>
  h.control('POST', `/organizations/${workspaceId}/restrictions`, body);

afterEach(async () => {
  for (const id of new Set([defaultWorkspaceId, ...Object.values(map)]))
    await restrict(id, { orgInviteRestrict: [], managedOnly: false });
});

interface Calls {
  byRoute: Record<string, { count: number; statuses: Record<string, number> }>;
}
const calls = async (route: string) => (await h.control<Calls>('GET', '/calls')).byRoute[route];
const INVITE = 'PUT /1/organizations/{id}/members';
const ADD = 'PUT /1/organizations/{id}/members/{idMember}';

const finishedRun = (runId: string) =>
  waitFor(
    `run ${runId} to end`,
    async () => {
      const run = await h.records.runs.getRun(runId);
      return run && run.status !== 'running' && run.status !== 'waiting-approval' ? run : null;
    },
    90_000,
  );

/** Polls until the run's notice is written, then answers every notice about the run. */
async function noticesAbout(runId: string) {
  const about = async () =>
    (await h.records.inbox.listNotifications({ limit: 500 })).items.filter((n) => n.runId === runId);
  await waitFor(`the notice about ${runId}`, async () => ((await about()).length > 0 ? true : null));
  return about();
}

describe('Workspace membership restrictions', () => {
  it('ends an onboarding whose invitation the default Workspace refuses as not provisioned, telling admins once, without retrying', async () => {
    await restrict(defaultWorkspaceId, { orgInviteRestrict: ['*@allowed.example'] });
    await h.control('POST', '/calls/reset');
    const hire = hrEvent('employee.hired', {
      email: 'refused.hire@outside.example',
      fullName: 'Refused Hire',
    });

    await startOnboarding(h, hire);
    const run = await finishedRun(onboardingRunId(hire.id));

    expect(run).toMatchObject({ status: 'not-provisioned', outcome: 'not-provisioned:workspace-restricted' });
    expect(run.summary).toContain(`Workspace ${defaultWorkspaceId} refused refused.hire@outside.example`);
    expect(run.summary).toMatch(/allow only approved email domains, and outside\.example is not one/);
    expect(run.summary).toMatch(
      /allow outside\.example .*make .* a managed member.*add them to the Workspace by hand/,
    );
    expect(await calls(INVITE)).toEqual({ count: 1, statuses: { '403': 1 } });
    expect(h.stack.trello.state.memberByEmail('refused.hire@outside.example')).toBeUndefined();
    const notices = await noticesAbout(run.runId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain('membership restrictions');
    expect((await h.records.people.getProfile(hire.employee.id))?.lifecycle).toBe('not-provisioned');
  });

  it('licenses a hire whose department Workspace allows only managed members, reports the gap once, and never retries the add', async () => {
    const [department] = Object.keys(map);
    if (!department) throw new Error('the local stack maps no department');
    const workspaceId = map[department] as string;
    await restrict(workspaceId, { managedOnly: true });
    const member = await h.control<{ id: string }>('POST', '/members', {
      email: 'contractor@outside.example',
      fullName: 'Con Tractor',
    });
    await h.control('POST', '/calls/reset');
    const hire = hrEvent('employee.hired', { email: 'contractor@outside.example', department });

    await startOnboarding(h, hire);
    const run = await finishedRun(onboardingRunId(hire.id));

    expect(run).toMatchObject({ status: 'succeeded-with-gaps', outcome: 'licensed' });
    expect(run.summary).toContain(`Workspace ${workspaceId} refused contractor@outside.example`);
    expect(run.summary).toMatch(/allow only managed members of the Enterprise/);
    expect(await calls(ADD)).toEqual({ count: 1, statuses: { '403': 1 } });
    expect(h.stack.trello.state.member(member.id)?.licensed).toBe(true);
    expect(h.stack.trello.state.organizationIdsOf(member.id)).not.toContain(workspaceId);
    expect(await noticesAbout(run.runId)).toHaveLength(1);
    expect((await h.records.people.getProfile(hire.employee.id))?.lifecycle).toBe('active');
  });

  it("moves the rest of a mover's Workspaces when the new one refuses them, reports it once, and never retries", async () => {
    const [from, to] = Object.keys(map);
    if (!from || !to) throw new Error('the local stack maps fewer than two departments');
    const person = await onboardedPerson(h, 'mover.refused@example.com', from);
    await restrict(map[to] as string, { orgInviteRestrict: ['partner.example'] });
    await h.control('POST', '/calls/reset');
    const update: LifecycleEventDetail = hrEvent('employee.updated', { ...person.employee, department: to });

    await publishHrEvent(h, update);
    const run = await finishedRun(moverRunId(update.id));

    expect(run).toMatchObject({ kind: 'mover', status: 'succeeded-with-gaps', outcome: 'moved-with-gaps' });
    expect(run.summary).toContain(`Workspace ${map[to]} refused mover.refused@example.com`);
    expect(run.summary).toMatch(/allow example\.com in the Workspace's membership restrictions/);
    expect(await calls(ADD)).toEqual({ count: 1, statuses: { '403': 1 } });
    expect(h.stack.trello.state.organizationIdsOf(person.memberId)).not.toContain(map[to]);
    const notices = await noticesAbout(run.runId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.kind).toBe('run-finished');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, type Wire } from './sim-harness.ts';

describe('Trello simulator: Workspaces, invitations and transfers', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const defaultWs = () => h.sim.info().defaultWorkspaceId ?? '';
  const seats = async () => (await h.api('GET', `/1/enterprises/${h.enterpriseId}`)).body.licenses;
  const query = async (q: Record<string, string | boolean>) =>
    (await h.api('GET', `/1/enterprises/${h.enterpriseId}/members/query`, q)).body as Wire[];
  const invite = (orgId: string, email: string, fullName: string, type?: string) =>
    h.api('PUT', `/1/organizations/${orgId}/members`, { email, fullName, type });

  it('invites a new email as one unconfirmed member, idempotently', async () => {
    const before = await seats();
    const first = await invite(defaultWs(), 'New.Hire@example.com', 'New Hire');
    expect(first.status).toBe(200);
    expect(first.body.members).toHaveLength(1);
    expect(first.body.memberships[0]).toMatchObject({
      unconfirmed: true,
      deactivated: false,
      memberType: 'normal',
    });
    const again = await invite(defaultWs(), 'new.hire@example.com', 'New Hire');
    expect(again.status).toBe(200);
    expect(again.body.members[0].id).toBe(first.body.members[0].id);
    const rows = await query({ managed: true, search: 'new.hire@' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      licensed: true,
      managed: true,
      member: { confirmed: false, memberType: 'ghost' },
    });
    expect((await seats()).totalMembers).toBe(before.totalMembers + 1);
    const members = (await h.api('GET', `/1/organizations/${defaultWs()}/members`)).body as Wire[];
    expect(members.filter((m) => m.id === first.body.members[0].id)).toHaveLength(1);
  });

  it('adds an existing account found by email instead of creating one', async () => {
    const free = h.sim.state
      .snapshot()
      .members.find((m) => m.email.endsWith('@example.com') && !m.licensed && !m.deactivated);
    if (!free) throw new Error('tiny has a free managed account');
    const res = await invite(defaultWs(), free.email.toUpperCase(), 'Whatever Name');
    expect(res.body.members[0].id).toBe(free.id);
    expect(h.sim.state.memberCount).toBe(16);
    expect((await query({ licensed: true, search: free.email }))[0].member.id).toBe(free.id);
  });

  it.each([
    ['a leading space in fullName', 'x@example.com', ' Ann', 'fullName'],
    ['a trailing space in fullName', 'x@example.com', 'Ann ', 'fullName'],
    ['an empty fullName', 'x@example.com', '', 'fullName'],
    ['a malformed email', 'not-an-email', 'Ann', 'email'],
  ])('rejects an invitation with %s', async (_label, email, fullName, param) => {
    const res = await invite(defaultWs(), email, fullName);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`invalid value for ${param}`);
    expect(h.sim.state.memberByEmail('x@example.com')).toBeUndefined();
  });

  it('fails an invitation into an Enterprise Workspace without a free seat, creating nobody', async () => {
    await h.control('POST', '/enterprise', { maxMembers: (await seats()).totalMembers });
    const res = await invite(defaultWs(), 'late@example.com', 'Late Comer');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('LICENSE_LIMIT_EXCEEDED');
    expect(h.sim.state.memberByEmail('late@example.com')).toBeUndefined();
  });

  it('licenses a member added to an Enterprise Workspace, and refuses without a seat', async () => {
    const free = h.sim.state
      .snapshot()
      .members.filter((m) => m.email.endsWith('@example.com') && !m.licensed && !m.deactivated);
    const engineering = h.sim.state.organizations().find((o) => o.displayName === 'Engineering');
    if (!engineering || free.length < 1) throw new Error('tiny has departments and free accounts');
    const [first] = free;
    if (!first) throw new Error('unreachable');
    const ok = await h.api('PUT', `/1/organizations/${engineering.id}/members/${first.id}`, {
      type: 'normal',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.idOrganizations).toEqual(expect.arrayContaining([engineering.id, defaultWs()]));
    expect(await query({ licensed: true, search: first.email })).toHaveLength(1);

    await h.control('POST', '/enterprise', { maxMembers: (await seats()).totalMembers });
    const guest = h.sim.state.snapshot().members.find((m) => m.email.endsWith('.test'));
    if (!guest) throw new Error('tiny has guests');
    const refused = await h.api('PUT', `/1/organizations/${engineering.id}/members/${guest.id}`, {
      type: 'normal',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('LICENSE_LIMIT_EXCEEDED');
  });

  it('rejects adding a deactivated member and a missing type', async () => {
    const deactivated = h.sim.state.snapshot().members.find((m) => m.deactivated);
    if (!deactivated) throw new Error('tiny has a deactivated member');
    const refused = await h.api('PUT', `/1/organizations/${defaultWs()}/members/${deactivated.id}`, {
      type: 'normal',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('MEMBER_DEACTIVATED');
    const noType = await h.api('PUT', `/1/organizations/${defaultWs()}/members/${deactivated.id}`);
    expect(noType.status).toBe(400);
    expect(noType.body.message).toBe('invalid value for type');
  });

  it('removes a Workspace member, 404 the second time', async () => {
    const member = h.sim.state.snapshot().members.find((m) => m.licensed && !m.enterpriseAdmin);
    if (!member) throw new Error('tiny has licensed members');
    const path = `/1/organizations/${defaultWs()}/members/${member.id}`;
    expect((await h.api('DELETE', path)).body).toEqual({ _value: null });
    expect((await h.api('DELETE', path)).status).toBe(404);
    const filtered = (await h.api('GET', `/1/organizations/${defaultWs()}/memberships`, { filter: 'admin' }))
      .body;
    expect(filtered.every((ms: Wire) => ms.memberType === 'admin')).toBe(true);
  });

  it('lists claimable and pending Workspaces', async () => {
    const claimable = (await h.api('GET', `/1/enterprises/${h.enterpriseId}/claimableOrganizations`)).body;
    expect(claimable.claimableCount).toBe(1);
    expect(claimable.organizations[0]).toMatchObject({
      name: 'sideproject1',
      activeMembershipCount: expect.any(Number),
    });
    const pending = (await h.api('GET', `/1/enterprises/${h.enterpriseId}/pendingOrganizations`)).body;
    expect(pending).toHaveLength(1);
    expect(pending[0].transferability.newBillableMembers.length).toBeGreaterThan(0);
    expect(pending[0].memberRequestor.id).toBe(pending[0].idMember);
  });

  it('transfers a Workspace, licensing its members while seats last and recording the rest', async () => {
    const pending = (await h.api('GET', `/1/enterprises/${h.enterpriseId}/pendingOrganizations`)).body[0];
    const billable: string[] = pending.transferability.newBillableMembers.map((m: Wire) => m.id);
    expect(billable.length).toBeGreaterThan(1);
    const { totalMembers } = await seats();
    await h.control('POST', '/enterprise', { maxMembers: totalMembers + 1 });
    const res = await h.api('PUT', `/1/enterprises/${h.enterpriseId}/organizations`, {
      idOrganization: pending.id,
    });
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ id: pending.id, idEnterprise: h.enterpriseId });
    expect((await seats()).totalMembers).toBe(totalMembers + 1);
    const transfer = (await h.control('GET', '/state')).body.transfers[0];
    expect(transfer.licensed).toEqual([billable[0]]);
    expect(transfer.unlicensed).toEqual(billable.slice(1));
    const orgs = (await h.api('GET', `/1/enterprises/${h.enterpriseId}/organizations`)).body as Wire[];
    expect(orgs.map((o) => o.id)).toContain(pending.id);
    expect((await h.api('GET', `/1/enterprises/${h.enterpriseId}/pendingOrganizations`)).body).toEqual([]);
  });

  it('applies an AdminHub transfer asynchronously after a time-scaled delay', async () => {
    await h.control('POST', '/rate-limits', { timeScale: 0.05 });
    await h.control('POST', '/enterprise', { adminHub: true });
    const claimable = (await h.api('GET', `/1/enterprises/${h.enterpriseId}/claimableOrganizations`)).body;
    const orgId: string = claimable.organizations[0].id;
    const res = await h.api('PUT', `/1/enterprises/${h.enterpriseId}/organizations`, {
      idOrganization: orgId,
    });
    expect(res.status).toBe(200);
    expect(res.body[0].idEnterprise).toBeNull();
    expect((await h.api('GET', `/1/organizations/${orgId}`)).body.idEnterprise).toBeNull();
    await new Promise((r) => setTimeout(r, 250));
    expect((await h.api('GET', `/1/organizations/${orgId}`)).body.idEnterprise).toBe(h.enterpriseId);
  });

  it('rejects a transfer without idOrganization', async () => {
    const res = await h.api('PUT', `/1/enterprises/${h.enterpriseId}/organizations`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('invalid value for idOrganization');
  });
});

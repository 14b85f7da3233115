/**
 * Workspace consolidation over the admin API on the local stack: preview the claimable and
 * pending Workspaces with the seats they would take, refuse a choice that is not a candidate
 * (nothing transferred), plan with a dry run, then bring one in — audited and read back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminRequest, type StackHarness, startStackHarness } from '../../support/local-stack-harness.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

const admin = (method: string, path: string, body?: unknown) => adminRequest(h, method, path, body);

it('previews, refuses a non-candidate, plans, then brings a claimable Workspace in', async () => {
  const owner = await h.control<{ id: string }>('POST', '/members', {
    email: 'ws.owner@example.com',
    fullName: 'Ws Owner',
  });
  const member = await h.control<{ id: string }>('POST', '/members', {
    email: 'ws.member@example.com',
    fullName: 'Ws Member',
  });
  const org = await h.control<{ id: string }>('POST', '/organizations', {
    displayName: 'Marketing side project',
    members: [
      { idMember: owner.id, type: 'admin' },
      { idMember: member.id, type: 'normal' },
    ],
  });

  const preview = await admin('GET', '/admin/consolidation');
  expect(preview.status).toBe(200);
  const candidate = (preview.json.workspaces as Array<Record<string, unknown>>).find(
    (w) => w.workspaceId === org.id,
  );
  expect(candidate).toMatchObject({
    source: 'claimable',
    transferrable: true,
    displayName: 'Marketing side project',
  });

  const refused = await admin('POST', '/admin/consolidation', {
    workspaceIds: [org.id, '5f1e0a4b3c2d1e0f9a8b7cff'],
  });
  expect(refused.status).toBe(400);
  expect(String(refused.json.message)).toMatch(/5f1e0a4b3c2d1e0f9a8b7cff.*Nothing was transferred/);

  const planned = await admin('POST', '/admin/consolidation', { workspaceIds: [org.id], dryRun: true });
  expect(planned.json.results).toEqual([expect.objectContaining({ result: 'planned', status: 'planned' })]);
  expect(h.stack.trello.state.member(member.id)?.licensed).toBe(false);

  const applied = await admin('POST', '/admin/consolidation', { workspaceIds: [org.id] });
  expect(applied.status).toBe(200);
  expect(applied.json.results).toEqual([
    expect.objectContaining({ workspaceId: org.id, result: 'transferred', status: 'added' }),
  ]);
  expect(applied.json.statuses).toEqual({ added: 1, 'already-there': 0, 'refused-by-policy': 0, failed: 0 });
  expect(Number(applied.json.seatsUsedAfter)).toBeGreaterThan(Number(applied.json.seatsUsedBefore));
  expect(h.stack.trello.state.member(member.id)?.licensed).toBe(true);
  const audit = await admin('GET', '/admin/audit?since=2000-01-01');
  expect(audit.json.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        action: 'transfer-workspace',
        target: `workspace:${org.id}`,
        result: 'succeeded',
        actor: 'admin:admin@local',
      }),
    ]),
  );
});

it('answers a Workspace Trello has not moved yet as failed, with what to do', async () => {
  const owner = await h.control<{ id: string }>('POST', '/members', {
    email: 'slow.owner@example.com',
    fullName: 'Slow Owner',
  });
  const org = await h.control<{ id: string }>('POST', '/organizations', {
    displayName: 'Slow transfer',
    members: [{ idMember: owner.id, type: 'admin' }],
  });
  // Under AdminHub a transfer is only a receipt (applied later), so the read-back still finds it outside.
  await h.control('POST', '/enterprise', { adminHub: true });
  try {
    const applied = await admin('POST', '/admin/consolidation', { workspaceIds: [org.id] });
    expect(applied.status).toBe(200);
    expect(applied.json.results).toEqual([
      expect.objectContaining({
        workspaceId: org.id,
        result: 'failed',
        status: 'failed',
        reason: expect.stringMatching(/still lists it outside the Enterprise: check its transfer/),
      }),
    ]);
    expect(applied.json.statuses).toMatchObject({ added: 0, failed: 1 });
  } finally {
    await h.control('POST', '/enterprise', { adminHub: false });
  }
});

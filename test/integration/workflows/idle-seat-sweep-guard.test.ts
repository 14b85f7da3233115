/**
 * The mass-change guard over sweeps, on the local stack: an auto sweep within the reclaim limit
 * goes straight on; one past it reclaims nothing until an admin approves the batch (the hold is
 * audited and the approval says why), then reclaims as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  adminRequest,
  type StackHarness,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';
import { guardWithReclaimLimit, idleMember, startSweep, TEST_SWEEP_CONFIG } from '../../support/sweep-kit.ts';

const LIMIT = 3;

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    config: {
      sweep: TEST_SWEEP_CONFIG,
      massChangeGuard: guardWithReclaimLimit(LIMIT),
    },
  });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  // The seed's idle members would count against the small limit: make them active, so this
  // file's idle members are the only candidates.
  const seeded = trello().queryMembers({ licensed: true }, null, 10_000).rows;
  for (const m of seeded) await h.control('POST', `/members/${m.id}/activity`, {});
}, 120_000);
afterAll(() => h?.close());

const trello = () => h.stack.trello.state;

async function idleMembers(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await idleMember(h)).id);
  return ids;
}

describe('mass-change guard over sweeps', () => {
  it('lets an auto sweep within the limit reclaim without asking anyone', async () => {
    const ids = await idleMembers(LIMIT);
    const { sweepId, run } = await startSweep(h, 'auto', (s) => s === 'succeeded' || s === 'failed');
    expect(run.status).toBe('succeeded');
    for (const id of ids) expect(trello().member(id)?.licensed).toBe(false);
    const { items } = await h.records.approvals.listApprovals({ limit: 100 });
    expect(items.filter((a) => a.runId === sweepRunId(sweepId))).toEqual([]);
  });

  it('holds an auto sweep past the limit until an admin approves the batch', async () => {
    const ids = await idleMembers(LIMIT + 2);
    const { sweepId } = await startSweep(h, 'auto', (s) => s === 'waiting-approval');
    const approval = await waitFor(
      'the guard approval',
      async () => {
        const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
        return items.find((a) => a.runId === sweepRunId(sweepId));
      },
      60_000,
    );
    expect(approval.kind).toBe('sweep-reclaim');
    expect(approval.question).toMatch(
      /^Held by the mass-change guard: 5 seat reclaim\(s\) in one sweep is past its limit of 3\. Reclaim 5 idle/,
    );
    // Nothing reclaimed while it waits, and the hold is on the record.
    for (const id of ids) expect(trello().member(id)?.licensed).toBe(true);
    const held = (await h.records.audit.runAudit(sweepRunId(sweepId))).filter(
      (a) => a.entry.action === 'hold-sweep',
    );
    expect(held.map((a) => a.entry.result)).toEqual(['begun', 'succeeded']);
    expect(held[0]?.entry.actor).toBe('lanyard:mass-change-guard');
    const inbox = await h.records.inbox.listNotifications({ limit: 50 });
    expect(inbox.items.some((m) => m.title.startsWith('Mass-change guard: Reclaim 5'))).toBe(true);

    const decided = await adminRequest(
      h,
      'POST',
      `/admin/approvals/${encodeURIComponent(approval.id)}/approve`,
      {},
    );
    expect(decided.status).toBe(200);
    const run = await waitFor(
      'the approved reclaim',
      async () => {
        const r = await h.records.runs.getRun(sweepRunId(sweepId));
        return r?.status === 'succeeded' || r?.status === 'failed' ? r : null;
      },
      60_000,
    );
    expect(run.status).toBe('succeeded');
    for (const id of ids) expect(trello().member(id)?.licensed).toBe(false);
  });
});

/**
 * The mass-change guard over a reconciliation's fixes, on the local stack: an `auto`
 * reconciliation whose fixes are past the guard's batch limit applies none of them, audits the
 * hold, and waits for an admin's approval, which says why; a rejection ends it with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixApprovalId,
  reconciliationRunId,
} from '../../../functions/core/reconciliation/reconciliation-ids.ts';
import {
  adminRequest,
  type StackHarness,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';
import { guardWithReclaimLimit, startBatchRun } from '../../support/sweep-kit.ts';

const LIMIT = 1;

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    config: {
      massChangeGuard: guardWithReclaimLimit(LIMIT),
    },
  });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

describe('mass-change guard over reconciliation fixes', () => {
  it('holds an auto reconciliation past the limit for an approval; rejected, nothing changes', async () => {
    // Two licensed members HR does not know: two seat reclaims, past the limit of one.
    for (const name of ['first', 'second'])
      await h.control('POST', '/members', {
        email: `unknown.${name}.${Date.now()}@example.com`,
        fullName: `Unknown ${name}`,
        licensed: true,
      });
    await h.control('POST', '/calls/reset');
    const licensedBefore = h.stack.trello.state.licensedCount;

    const { id } = await startBatchRun(
      h,
      '/admin/reconciliations',
      { mode: 'auto' },
      'id',
      reconciliationRunId,
      (s) => s === 'waiting-approval',
    );
    const approval = await waitFor('the guard approval', () =>
      h.records.approvals.getApproval(fixApprovalId(id)),
    );
    expect(approval.question).toMatch(
      /^Held by the mass-change guard: \d+ fix\(es\) in one reconciliation is past its limit of 1/,
    );
    const audit = (await h.records.audit.runAudit(reconciliationRunId(id))).map(
      (a) => `${a.entry.action} ${a.entry.result}`,
    );
    expect(audit).toContain('hold-reconciliation-fixes succeeded');
    expect(h.stack.trello.state.licensedCount).toBe(licensedBefore);

    const rejected = await adminRequest(
      h,
      'POST',
      `/admin/approvals/${encodeURIComponent(approval.id)}/reject`,
      {
        comment: 'not today',
      },
    );
    expect(rejected.status).toBe(200);
    const run = await waitFor('the rejected reconciliation', async () => {
      const r = await h.records.runs.getRun(reconciliationRunId(id));
      return r && r.status !== 'running' && r.status !== 'waiting-approval' ? r : null;
    });
    expect(run).toMatchObject({ status: 'not-provisioned', outcome: 'rejected' });
    expect(h.stack.trello.state.licensedCount).toBe(licensedBefore);
    expect((await h.control<{ successfulWrites: number }>('GET', '/calls')).successfulWrites).toBe(0);
  });
});

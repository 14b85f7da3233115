/**
 * Durability: the local stack stops mid-run — after the seat was granted in Trello, before the
 * run was recorded as finished — and starts again on the same data. The run is run again from its
 * start and converges: one license, one audit entry per change, run completed. A pending approval
 * survives a restart and can still be decided.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decideApproval } from '../../../functions/core/approvals/decide-approval.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  hrEvent,
  type StackHarness,
  startOnboarding,
  startStackHarness,
  systemClock,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freshHarness(): Promise<StackHarness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lanyard-restart-'));
  dirs.push(dataDir);
  return startStackHarness({ dataDir, retryIntervalOverrides: { 'Ensure Workspaces': 0 } });
}

describe('restart mid-run', () => {
  it('re-runs a run interrupted after the grant and converges on one license and one audit entry', async () => {
    const h = await freshHarness();
    try {
      const email = 'crash.test@example.com';
      const member = await h.control<{ id: string }>('POST', '/members', { email, fullName: 'Crash Test' });
      const seatsBefore = h.stack.trello.state.licensedCount;
      // Hold the step after the grant (it reads the member's Workspaces) so the stop lands between
      // the grant in Trello and the end of the run.
      await h.control('POST', '/faults', {
        seed: 1,
        latency: { minMs: 3_000, maxMs: 3_000 },
        match: { method: 'GET', path: '/1/enterprises/{id}/members/{idMember}' },
      });
      const detail = hrEvent('employee.hired', { email, department: 'Design' });
      const arn = await startOnboarding(h, detail);
      await waitFor('the grant', async () => h.stack.trello.state.member(member.id)?.licensed);
      await h.stack.close();

      await h.restart();
      await h.control('DELETE', '/faults');
      const done = await waitForExecution(h, arn);
      expect(done.status).toBe('SUCCEEDED');
      const run = await h.records.runs.getRun(onboardingRunId(detail.id));
      expect(run).toMatchObject({ status: 'succeeded', outcome: 'licensed' });
      // The steps shown are those of the pass that finished; the interrupted pass's are kept apart.
      // (A pass that had recorded nothing yet leaves no attempt: at least the one that granted.)
      const interrupted = run?.earlierAttempts ?? [];
      expect(interrupted.every((a) => a.endedAs === 'interrupted' && a.by === 'restart')).toBe(true);
      expect(interrupted.flatMap((a) => a.steps.map((s) => s.step))).toContain('decide-onboarding-path');
      // The second pass found the seat granted and went straight on: no grant of its own.
      expect(run?.steps.map((s) => s.step)).not.toContain('grant-seat');
      expect(run?.steps.map((s) => s.step)).toContain('decide-onboarding-path');
      expect(h.stack.trello.state.licensedCount).toBe(seatsBefore + 1);
      const { items } = await h.records.audit.listAudit({ since: '2000-01-01T00:00:00.000Z', limit: 100 });
      const mine = items.filter((a) => a.runId === run?.runId);
      // One attempt per change (one begun entry), closed by one succeeded outcome.
      const perChange = new Map<string, string[]>();
      for (const a of mine)
        perChange.set(`${a.action}|${a.target}`, [
          ...(perChange.get(`${a.action}|${a.target}`) ?? []),
          a.result,
        ]);
      expect([...perChange.values()].every((results) => results.join() === 'begun,succeeded')).toBe(true);
      expect(perChange.get(`grant-seat|member:${member.id}`)).toEqual(['begun', 'succeeded']);
    } finally {
      await h.close();
    }
  }, 120_000);

  it('keeps a pending approval across a restart, and it can still be decided', async () => {
    const h = await freshHarness();
    try {
      const email = 'restart.approval@example.com';
      const member = await h.control<{ id: string }>('POST', '/members', {
        email,
        fullName: 'Restart Approval',
      });
      await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
      const detail = hrEvent('employee.hired', { email });
      const arn = await startOnboarding(h, detail);
      const runId = onboardingRunId(detail.id);
      const pending = async () =>
        (await h.records.approvals.listApprovals({ status: 'pending', limit: 50 })).items.find(
          (a) => a.runId === runId,
        );
      const before = await waitFor('the approval', pending);
      await h.stack.close();

      await h.restart();
      // The re-run asks again (its steps are this pass's only): the same approval, a fresh token.
      await waitFor('the re-run to wait again', async () => {
        const run = await h.records.runs.getRun(runId);
        return run?.steps.some((s) => s.step === 'ask-for-seats');
      });
      const after = await waitFor('the approval after restart', pending);
      expect(after.id).toBe(before.id);
      expect(await h.records.approvals.approvalTaskToken(after.id)).toBeTruthy();
      await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount + 1 });
      await decideApproval(
        { approvalId: after.id, decision: 'approved', by: 'it.admin@example.com', comment: null },
        { ...h.records, workflow: h.workflow, clock: systemClock },
      );
      const done = await waitForExecution(h, arn);
      expect(done.status).toBe('SUCCEEDED');
      expect(h.stack.trello.state.member(member.id)?.licensed).toBe(true);
    } finally {
      await h.close();
    }
  }, 120_000);
});

/**
 * A layoff-sized burst fails closed: 120 terminations at once against the Trello simulator's real
 * rate windows (100 requests per 10 s per token) — far more Trello calls than any one step's
 * Lambda could wait for. Every leaver ends cut in the IdP and deactivated in Trello (read back),
 * no run fails, nobody else is locked out. `npm run bench -- layoff` runs the same at 1,000+.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  hrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';

// 360 cut calls: about three times what a cut's first call may wait for (a quarter of its step's
// time at Trello's 10 calls a second), so the burst queues as a layoff does, in a CI-sized run.
const LEAVERS = 120;

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

describe('a burst of terminations', () => {
  it(`offboards ${LEAVERS} leavers at once under real rate windows: every cut read back, no run failed`, async () => {
    const stayer = { email: `stayer.${Date.now()}@example.com` };
    const stayerMember = await h.control<{ id: string }>('POST', '/members', {
      email: stayer.email,
      fullName: 'Stays Here',
      licensed: true,
    });
    h.stack.idp?.addUser(stayer);
    const leavers: Array<{ email: string; memberId: string; detail: ReturnType<typeof hrEvent> }> = [];
    for (let i = 0; i < LEAVERS; i++) {
      const email = `burst${i}.${Date.now()}@example.com`;
      const member = await h.control<{ id: string }>('POST', '/members', {
        email,
        fullName: `Burst ${i}`,
        licensed: true,
      });
      h.stack.idp?.addUser({ email });
      leavers.push({
        email,
        memberId: member.id,
        detail: hrEvent('employee.terminated', { email, id: `E-BURST-${i}` }),
      });
    }
    await h.control('POST', '/calls/reset');

    const arns = new Set(await Promise.all(leavers.map((l) => startOffboarding(h, l.detail))));
    // One listing poll for the whole burst (a poll per execution would load the runtime itself).
    await waitFor(
      'every execution to end',
      async () => {
        await new Promise((r) => setTimeout(r, 500));
        const running = h.stack.runtime.executions
          .list(h.stack.offboardingArn)
          .filter((e) => arns.has(e.executionArn) && e.status === 'RUNNING');
        return running.length === 0;
      },
      600_000,
    );
    const runs = [];
    for (const l of leavers) runs.push(await h.records.runs.getRun(offboardingRunId(l.detail.id)));

    const failed = runs.filter((r) => r?.status !== 'succeeded');
    expect(failed.map((r) => `${r?.runId}: ${r?.outcome} ${r?.summary}`)).toEqual([]);
    for (const [i, leaver] of leavers.entries()) {
      expect(h.stack.trello.state.member(leaver.memberId), leaver.email).toMatchObject({ deactivated: true });
      expect(h.stack.idp?.user(leaver.email)?.signInActive, leaver.email).toBe(false);
      expect(runs[i]?.cuts?.trello?.state).toBe('done');
      expect(runs[i]?.cuts?.idp?.state).toBe('done');
    }
    // Nobody else was cut, and Trello never had to refuse the key for overshooting.
    expect(h.stack.trello.state.member(stayerMember.id)).toMatchObject({ deactivated: false });
    expect(h.stack.idp?.user(stayer.email)?.signInActive).toBe(true);
    const { rateLimits } = await h.control<{
      rateLimits: { rejected: Record<string, number>; lockouts: number };
    }>('GET', '/calls');
    expect(rateLimits.lockouts).toBe(0);
    expect(Object.values(rateLimits.rejected).reduce((a, b) => a + b, 0)).toBe(0);
  }, 900_000);
});

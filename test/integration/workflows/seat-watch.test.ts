/**
 * The seat watch on the local stack: hires queue for a seat when none is left; seats bought in
 * Trello (maxMembers grows) release them in HR order at the watch's next firing, with nobody
 * telling Lanyard. The schedule is the synthesized one; the test fires it rather than waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  queuedHire,
  type StackHarness,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true, config: { seatWatchSchedule: 'rate(30 minutes)' } });
}, 120_000);
afterAll(() => h?.close());

const watch = () => {
  const found = h.stack.schedules.list().find((s) => s.target.kind === 'lambda');
  if (!found) throw new Error('no seat watch schedule in the template');
  return found;
};

describe('seat watch', () => {
  it('is scheduled from the template, invoking the watch function', () => {
    expect(watch()).toMatchObject({ expression: 'rate(30 minutes)', state: 'ENABLED' });
  });

  it('releases queued hires in HR order when seats are bought in Trello', async () => {
    const trello = h.stack.trello.state;
    await h.control('POST', '/enterprise', { maxMembers: trello.licensedCount });
    const hire = (name: string, daysAgo: number) => queuedHire(h, name, daysAgo);
    const later = await hire('later', 1);
    const earlier = await hire('earlier', 4);

    // Nothing free: the watch keeps the day's reading and releases nobody.
    const idle = await h.stack.schedules.fireNow(watch().name);
    expect(idle.result).toMatchObject({ released: [], stillQueued: 2 });

    await h.control('POST', '/enterprise', { maxMembers: trello.licensedCount + 1 });
    const fired = await h.stack.schedules.fireNow(watch().name);
    expect(fired.result).toMatchObject({ released: [expect.any(String)], stillQueued: 1 });
    await waitFor(
      'the earlier hire',
      async () => (await h.records.runs.getRun(earlier.runId))?.status === 'succeeded',
    );
    expect(trello.member(earlier.member.id)?.licensed).toBe(true);
    expect((await h.records.approvals.getApproval(later.approval.id))?.status).toBe('pending');
    expect(fired.result).toMatchObject({ released: [earlier.approval.id] });
    const audit = await h.records.audit.runAudit(earlier.runId);
    expect(audit.find((a) => a.entry.action === 'decide-approval')?.entry).toMatchObject({
      actor: 'lanyard:seat-loop',
      detail: expect.stringMatching(/maxMembers grew from \d+ to \d+/),
    });
  });
});

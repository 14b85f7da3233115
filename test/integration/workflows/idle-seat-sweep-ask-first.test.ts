/**
 * The ask-first sweep end to end on the local stack: each idle member is mailed (the local outbox
 * file) a "keep my seat" link; one answers through the public endpoint the link's page calls, one
 * stays silent. After the answer deadline (shortened here by the runtime's wait override) the
 * silent one's seat is reclaimed and the other's is kept.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { type StackHarness, startStackHarness, waitFor } from '../../support/local-stack-harness.ts';
import { TEST_SWEEP_CONFIG } from '../../support/sweep-kit.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    // Long enough to answer after the mail went out; the deadline itself is 7 days on.
    waitTimeOverrides: { 'Wait For Answers': 10_000 },
    config: {
      sweep: TEST_SWEEP_CONFIG,
    },
  });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

interface Mail {
  from: string;
  to: string;
  subject: string;
  text: string;
}
const outbox = (): Mail[] => {
  try {
    return readFileSync(String(h.stack.endpoints.outbox), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Mail);
  } catch {
    return [];
  }
};
const linkIn = (mail: Mail) => {
  const link = /https?:\/\/\S+\/console\/keep\.html#(\S+)/.exec(mail.text);
  if (!link?.[1]) throw new Error(`no keep link in: ${mail.text}`);
  return { url: link[0], token: link[1] };
};
const keep = async (token: string) => {
  const response = await fetch(`${h.stack.api.url}/keep-seat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

describe('ask-first sweep', () => {
  it('keeps who answers "keep" in time and reclaims the silent', async () => {
    const idle = async (name: string) => {
      const email = `${name.toLowerCase()}.${Date.now()}@example.com`;
      const m = await h.control<{ id: string }>('POST', '/members', {
        email,
        fullName: name,
        licensed: true,
        dateLastImpression: '2026-01-10T09:00:00.000Z',
      });
      return { id: m.id, email };
    };
    const answers = await idle('Answers');
    const silent = await idle('Silent');

    const started = await fetch(`${h.stack.api.url}/admin/sweeps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'ask-first' }),
    });
    expect(started.status).toBe(202);
    const { sweepId } = (await started.json()) as { sweepId: string };

    const mails = await waitFor('the questions in the outbox', async () => {
      const sent = outbox().filter((m) => m.to === answers.email || m.to === silent.email);
      return sent.length === 2 ? sent : null;
    });
    const toAnswers = mails.find((m) => m.to === answers.email) as Mail;
    expect(toAnswers).toMatchObject({
      from: 'it@example.com',
      subject: 'Do you still need your Trello seat?',
    });
    expect(toAnswers.text).toContain('Hello Answers');
    const { url, token } = linkIn(toAnswers);
    expect(url.startsWith(`${h.stack.api.url}/console/keep.html#`)).toBe(true);
    expect((await h.records.sweeps.getSweep(sweepId))?.status).toBe('awaiting-answers');

    // The page the link opens is the console's, served with its CSP; it decides nothing on GET.
    const page = await fetch(url.split('#')[0] as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    // A tampered link is refused; the real one keeps the seat, and pressing again is harmless.
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect(await keep(tampered)).toMatchObject({ status: 404, body: { error: 'invalid-link' } });
    expect(await keep('not-a-token')).toMatchObject({ status: 404 });
    expect(await keep(token)).toMatchObject({ status: 200, body: { status: 'kept' } });
    expect(await keep(token)).toMatchObject({ status: 200, body: { status: 'already-kept' } });

    const run = await waitFor(
      'the sweep to end',
      async () => {
        const r = await h.records.runs.getRun(sweepRunId(sweepId));
        return r && r.status !== 'running' ? r : null;
      },
      60_000,
    );
    expect(run).toMatchObject({ status: 'succeeded', outcome: 'reclaimed' });
    expect(h.stack.trello.state.member(answers.id)?.licensed).toBe(true);
    expect(h.stack.trello.state.member(silent.id)?.licensed).toBe(false);
    const { items } = await h.records.sweeps.listSweepMembers(sweepId, { limit: 1000 });
    expect(items.find((m) => m.memberId === answers.id)).toMatchObject({ state: 'kept' });
    expect(items.find((m) => m.memberId === silent.id)).toMatchObject({ state: 'reclaimed' });

    // The answer is audited with the member as the actor; the silent one's link is now too late.
    const audit = await h.records.audit.runAudit(sweepRunId(sweepId));
    const kept = audit.filter((a) => a.entry.action === 'keep-seat').map((a) => a.entry);
    expect(kept.map((e) => e.result)).toEqual(['begun', 'succeeded']);
    expect(kept[1]).toMatchObject({
      actor: answers.email,
      target: `member:${answers.id}`,
      begunId: kept[0]?.id,
    });
    const late = await keep(linkIn(mails.find((m) => m.to === silent.email) as Mail).token);
    expect(late).toMatchObject({ status: 410, body: { error: 'too-late' } });
    expect(late.body.message).toMatch(/your seat is reclaimed/);
    // One question each, however the steps ran.
    expect(outbox().filter((m) => m.to === silent.email)).toHaveLength(1);
  });
});

/**
 * The admin console in a real browser (Debian's Chromium driven by playwright-core) against the
 * local stack: sign in with the admin token, open a pending seat approval from the list, approve
 * it with a comment, follow the run, the person and the audit trail, export the audit CSV. The
 * page must never execute markup that came from HR data, and must run under its own CSP.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { offboardingRunId } from '../../functions/core/offboarding/begin-offboarding.ts';
import { onboardingRunId } from '../../functions/core/onboarding/begin-onboarding.ts';
import {
  hrEvent,
  type StackHarness,
  startOffboarding,
  startOnboarding,
  startStackHarness,
  waitFor,
} from '../support/local-stack-harness.ts';

const CHROMIUM = process.env.LANYARD_CHROMIUM ?? '/usr/bin/chromium';
const HOSTILE_NAME = 'Eve <img src=x id=injected onerror="window.__pwned=1">';

let h: StackHarness;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: run .ci/install-system-deps (apt-get install chromium) or set LANYARD_CHROMIUM`,
    );
  }
  h = await startStackHarness({
    inMemory: true,
    // The guard holds a second termination, so the quarantine page has someone to show; the
    // sweeps here reclaim nothing, so their limit stays out of the way.
    config: {
      massChangeGuard: {
        terminations: { maxCount: 1, windowMinutes: 60, maxShare: null, urgentMaxCount: 1 },
        reclaims: { maxCount: 10_000, maxShare: null },
      },
    },
    waitTimeOverrides: { 'Let The Batch Settle': 500 },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // A fresh, quiet browser: no sandbox (containers), no GPU, nothing that reaches the network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ acceptDownloads: true });
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The refused sign-in's 401 is logged by Chromium itself; anything else is a problem.
    if (message.type() === 'error' && !message.text().includes('status of 401'))
      pageProblems.push(`console error: ${message.text()}`);
  });
}, 120_000);

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page) {
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/console-${context.task.name.replace(/\W+/g, '-')}.png` });
  }
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

let hires = 0;
/** A hire who already has a Trello account (so needs a seat) while every seat is taken. */
async function pendingSeatApproval() {
  hires += 1;
  const email = `eve.hostile${hires}@example.com`;
  await h.control('POST', '/members', { email, fullName: 'Eve' });
  await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
  const event = hrEvent('employee.hired', { email, fullName: HOSTILE_NAME, id: `E-EVE${hires}` });
  await startOnboarding(h, event);
  const runId = onboardingRunId(event.id);
  const approval = await waitFor('the seat approval', async () => {
    const { items } = await h.records.listApprovals({ status: 'pending', limit: 100 });
    return items.find((a) => a.runId === runId);
  });
  return { approval, runId };
}

it('signs in with the admin token and refuses a wrong one', async () => {
  await page.goto(`${h.stack.api.url}/`);
  await expect.poll(() => page.getByLabel('Admin token').isVisible()).toBe(true);
  // An absent part of a page (no sign-in reason yet) leaves nothing behind, not the text "null".
  expect(await page.locator('#view').textContent()).not.toContain('null');
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByText('Sign-in refused').isVisible()).toBe(true);

  await page.getByLabel('Admin token').fill(h.stack.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('#caller').textContent()).toBe('Signed in as admin@local');
  await expect.poll(() => page.getByRole('heading', { name: 'Approvals' }).isVisible()).toBe(true);
});

it('opens a pending approval from the list and approves it with a comment; the run finishes', async () => {
  const { approval, runId } = await pendingSeatApproval();
  await page.goto(`${h.stack.api.url}/#/approvals`);
  await page.getByRole('link', { name: approval.kind }).first().click();
  await expect.poll(() => page.url()).toContain(`#/approvals/${encodeURIComponent(approval.id)}`);
  await expect.poll(() => page.locator('.question').textContent()).toBe(approval.question);

  await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount + 1 });
  await page.getByLabel('Comment').fill('bought one more seat');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(() => page.locator('#notice').textContent()).toContain('Approved');
  await expect.poll(() => page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
  expect(await page.locator('dd').allTextContents()).toEqual(
    expect.arrayContaining(['approved', 'admin@local', 'bought one more seat']),
  );

  await waitFor('the run to succeed', async () => (await h.records.getRun(runId))?.status === 'succeeded');
  await page.getByRole('link', { name: runId }).click();
  await expect.poll(() => page.getByRole('heading', { name: `Run ${runId}` }).isVisible()).toBe(true);
  await expect.poll(() => page.locator('table').first().textContent()).toContain('grant-seat');
});

it('shows the person, with HR data rendered as text and never as markup', async () => {
  await page.getByLabel('Employee id').fill('E-EVE1');
  await page.getByRole('button', { name: 'Find person' }).click();
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).textContent())
    .toBe(`${HOSTILE_NAME} (E-EVE1)`);
  expect(await page.locator('#injected').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
});

it('lists and exports the audit trail, with the decision attributed to the admin', async () => {
  await page.goto(`${h.stack.api.url}/#/audit?since=2000-01-01`);
  await expect.poll(() => page.locator('table').textContent()).toContain('decide-approval');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('lanyard-audit-since-2000-01-01.csv');
  const stream = await download.createReadStream();
  let csv = '';
  for await (const chunk of stream) csv += chunk;
  expect(csv.split('\n')[0]).toContain('action');
  expect(csv).toMatch(/admin:admin@local.*decide-approval/);
});

it('shows notifications in the inbox, and seats with the queue and their trend', async () => {
  await page.goto(`${h.stack.api.url}/#/inbox`);
  await expect.poll(() => page.locator('table').textContent()).toContain('Seat needed for');
  await page.getByRole('link', { name: 'Seats' }).click();
  await expect
    .poll(() => page.getByRole('heading', { name: 'Seats in use, last 30 days' }).isVisible())
    .toBe(true);
  const today = new Date().toISOString().slice(0, 10);
  await expect.poll(() => page.locator('table').last().textContent()).toContain(today);
  await page.goto(`${h.stack.api.url}/#/audit?since=2000-01-01`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  let text = '';
  for await (const chunk of await download.createReadStream()) text += chunk;
  expect((JSON.parse(text) as Array<{ action: string }>).some((e) => e.action === 'decide-approval')).toBe(
    true,
  );
});

it('opens a pasted approval link after sign-in in a fresh tab', async () => {
  const { approval } = await pendingSeatApproval();
  const tab = await browser.newPage();
  await tab.goto(`${h.stack.api.url}/#/approvals/${encodeURIComponent(approval.id)}`);
  await tab.getByLabel('Admin token').fill(h.stack.adminToken);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => tab.locator('.question').textContent()).toBe(approval.question);
  await tab.getByRole('button', { name: 'Reject' }).click();
  await expect.poll(() => tab.locator('#notice').textContent()).toContain('Rejected');
  await tab.close();
});

it('shows a sweep awaiting approval and keeps the ticked people out of it', async () => {
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  const idle = await h.control<{ id: string }>('POST', '/members', {
    email: 'idle.console@example.com',
    fullName: 'Idle Console',
    licensed: true,
    dateLastImpression: '2026-01-01T00:00:00.000Z',
  });
  const started = await fetch(`${h.stack.api.url}/admin/sweeps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'approve' }),
  });
  const { sweepId } = (await started.json()) as { sweepId: string };
  await waitFor(
    'the sweep to await approval',
    async () => (await h.records.getSweep(sweepId))?.status === 'awaiting-approval',
  );
  await page.goto(`${h.stack.api.url}/#/sweeps/${sweepId}`);
  await page.getByLabel('Keep idle.console@example.com').check();
  await page.getByRole('button', { name: 'Keep the ticked people' }).click();
  await expect.poll(() => page.locator('#notice').textContent()).toContain('Kept 1');
  const { items } = await h.records.listSweepMembers(sweepId, { state: 'dropped', limit: 10 });
  expect(items.map((m) => m.memberId)).toEqual([idle.id]);
});

it("lets an idle member keep their seat from the ask-first mail's link, with one press", async () => {
  const email = 'idle.keeper@example.com';
  const idle = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: 'Idle Keeper',
    licensed: true,
    dateLastImpression: '2026-01-01T00:00:00.000Z',
  });
  const started = await fetch(`${h.stack.api.url}/admin/sweeps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.stack.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'ask-first' }),
  });
  const { sweepId } = (await started.json()) as { sweepId: string };
  const link = await waitFor('the mail to the idle member', async () => {
    const outbox = existsSync(String(h.stack.endpoints.outbox))
      ? readFileSync(String(h.stack.endpoints.outbox), 'utf8')
      : '';
    const mail = outbox
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { to: string; text: string })
      .find((m) => m.to === email);
    return mail ? /https?:\/\/\S+#\S+/.exec(mail.text)?.[0] : null;
  });
  const tab = await browser.newPage();
  tab.on('pageerror', (error) => pageProblems.push(`keep page error: ${error.message}`));
  tab.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`keep page console error: ${message.text()}`);
  });
  await tab.goto(link);
  // Opening the link decides nothing (mail scanners open links); the token leaves the address bar.
  expect((await h.records.getSweepMembers(sweepId, [idle.id])).get(idle.id)?.state).toBe('candidate');
  expect(tab.url()).not.toContain('#');
  await tab.getByRole('button', { name: 'Keep my seat' }).click();
  await expect.poll(() => tab.getByRole('status').textContent()).toContain('Your Trello seat is kept');
  expect((await h.records.getSweepMembers(sweepId, [idle.id])).get(idle.id)?.state).toBe('kept');
  await tab.close();
});

it('shows held terminations in the quarantine page; discards one department and releases the rest', async () => {
  const leavers = ['Sales', 'Ops', 'Sales'].map((department, i) => {
    const email = `quarantined${i}@example.com`;
    return { email, detail: hrEvent('employee.terminated', { email, id: `E-HELD${i}`, department }) };
  });
  for (const l of leavers)
    await h.control('POST', '/members', { email: l.email, fullName: l.email, licensed: true });
  // The first is within the limit of 1 and runs; the other two are held.
  for (const l of leavers) await startOffboarding(h, l.detail);
  const runOf = (i: number) => h.records.getRun(offboardingRunId(leavers[i]?.detail.id ?? ''));
  await waitFor(
    'two held',
    async () =>
      (await runOf(1))?.status === 'waiting-approval' && (await runOf(2))?.status === 'waiting-approval',
  );

  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${h.stack.api.url}/#/quarantine`);
  await expect
    .poll(() => page.getByRole('heading', { level: 2 }).first().textContent())
    .toMatch(/^2 held since/);
  expect(await page.locator('table').first().textContent()).toMatch(/Ops1.*Sales1/);
  await page.getByLabel('Only Ops').check();
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect.poll(() => page.locator('#notice').textContent()).toBe('Discarded 1; 1 still held.');
  await page.getByRole('button', { name: 'Release' }).click();
  await expect.poll(() => page.locator('#notice').textContent()).toBe('Released 1; 0 still held.');
  await expect.poll(() => page.getByText('Nothing is held.').isVisible()).toBe(true);

  await waitFor('the discarded run to end', async () => (await runOf(1))?.status === 'skipped');
  await waitFor(
    'the released run to finish',
    async () => {
      const status = (await runOf(2))?.status;
      return status !== undefined && status !== 'waiting-approval' && status !== 'running';
    },
    60_000,
  );
  expect(h.stack.trello.state.memberByEmail(leavers[1]?.email ?? '')?.licensed).toBe(true);
  expect(h.stack.trello.state.memberByEmail(leavers[2]?.email ?? '')?.licensed).toBe(false);
}, 120_000);

it('ran without a script error or a CSP violation', () => {
  expect(pageProblems).toEqual([]);
});

/**
 * The admin console in a real browser (Debian's Chromium driven by playwright-core) against the
 * local stack, as an admin's day goes: sign in and land on the overview, approve a seat request,
 * find a person by email, read the audit trail newest first, release the seat queue once seats
 * were bought, run a sweep and approve it on its own page after keeping one person, decide a
 * quarantine batch — by keyboard where it matters. The page must never execute markup that came
 * from HR data, and must run under its own CSP.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { offboardingRunId, onboardingRunId, sweepRunId } from '../../functions/core/lifecycle/run-ids.ts';
import {
  adminRequest,
  hrEvent,
  type StackHarness,
  startOffboarding,
  startOnboarding,
  startStackHarness,
  waitFor,
} from '../support/local-stack-harness.ts';
import { focused, heading, launchChromium, poll, screenshot, signIn, watchProblems } from './browser-kit.ts';

const HOSTILE_NAME = 'Eve <img src=x id=injected onerror="window.__pwned=1">';

let h: StackHarness;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];

beforeAll(async () => {
  h = await startStackHarness({
    inMemory: true,
    // The guard holds a second termination, so the quarantine page has someone to show; the
    // sweeps here reclaim few, so their limit stays out of the way.
    config: {
      massChangeGuard: {
        terminations: { maxCount: 1, windowMinutes: 60, maxShare: null, urgentMaxCount: 1 },
        reclaims: { maxCount: 10_000, maxShare: null },
      },
    },
    waitTimeOverrides: { 'Let The Batch Settle': 500 },
  });
  browser = await launchChromium();
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  watchProblems(page, pageProblems);
}, 120_000);

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page) await screenshot(page, `failed-${context.task.name}`);
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
    const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
    return items.find((a) => a.runId === runId);
  });
  return { approval, runId, email, employeeId: event.employee.id };
}

it('focuses the token field on load, refuses a wrong token, and lands on the overview after sign-in', async () => {
  await page.goto(`${h.stack.api.url}/`);
  await poll(() => focused(page)).toBe('INPUT#admin-token');
  // An absent part of a page (no sign-in reason yet) leaves nothing behind, not the text "null".
  expect(await page.locator('#view').textContent()).not.toContain('null');
  await page.keyboard.type('not-the-token');
  await page.keyboard.press('Enter');
  await poll(() => page.getByText('Sign-in refused').isVisible()).toBe(true);
  expect(await focused(page)).toBe('INPUT#admin-token');

  await page.getByLabel('Admin token').fill(h.stack.adminToken);
  await page.keyboard.press('Enter');
  await poll(() => page.locator('#caller').textContent()).toBe('Signed in as admin@local');
  await poll(() => heading(page).textContent()).toBe('Overview');
  await poll(() => focused(page)).toBe('H1 Overview');
  expect(await page.locator('nav a').first().textContent()).toBe('Overview');
});

it('opens a pending approval from the list and approves it with a comment; the run finishes', async () => {
  const { approval, runId } = await pendingSeatApproval();
  await page.goto(`${h.stack.api.url}/#/approvals`);
  await page.getByRole('link', { name: approval.kind }).first().click();
  await poll(() => page.url()).toContain(`#/approvals/${encodeURIComponent(approval.id)}`);
  await poll(() => page.locator('.question').textContent()).toBe(approval.question);

  await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount + 1 });
  await page.getByLabel('Comment').fill('bought one more seat');
  await page.getByRole('button', { name: 'Approve' }).click();
  await poll(() => page.locator('#notice').textContent()).toContain('Approved');
  await poll(() => page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
  expect(await page.locator('dd').allTextContents()).toEqual(
    expect.arrayContaining(['approved', 'admin@local', 'bought one more seat']),
  );

  await waitFor(
    'the run to succeed',
    async () => (await h.records.runs.getRun(runId))?.status === 'succeeded',
  );
  await page.getByRole('link', { name: runId }).click();
  await poll(() => heading(page).textContent()).toBe(`Run ${runId}`);
  await poll(() => page.locator('table').first().textContent()).toContain('grant-seat');
  // The person is named next to the id, and the summary is a list.
  expect(await page.locator('dd .person').first().textContent()).toContain('eve.hostile1@example.com');
  expect(await page.locator('ul.summary li').count()).toBeGreaterThan(0);
});

it('shows the overview with the real figures: seats, approvals waiting, runs of the week', async () => {
  const { approval } = await pendingSeatApproval();
  const succeededThisWeek = async () => {
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const { items } = await h.records.runs.listRuns({ status: 'succeeded', limit: 1000 });
    return String(items.filter((r) => r.startedAt >= since).length);
  };
  await page.goto(`${h.stack.api.url}/#/overview`);
  const seats = page.locator('#ov-seats').locator('xpath=..');
  await poll(async () => {
    await page.reload();
    const used = await seats.locator('.figure', { hasText: 'In use' }).locator('.figure-value').textContent();
    return Number(used);
  }).toBe(h.stack.trello.state.licensedCount);
  expect(
    await seats.locator('.figure', { hasText: 'Purchased' }).locator('.figure-value').textContent(),
  ).toBe(String(h.stack.trello.state.licensedCount));
  expect(await seats.locator('svg.chart').getAttribute('aria-label')).toContain(
    'Seats in use over the last 30 days',
  );

  const approvals = page.locator('#ov-approvals').locator('xpath=..');
  expect(await approvals.locator('.lead').textContent()).toMatch(/^1 waiting, oldest first$/);
  expect(await approvals.locator(`a[href="#/approvals/${encodeURIComponent(approval.id)}"]`).count()).toBe(1);
  expect(await approvals.locator('table').textContent()).toContain(HOSTILE_NAME);

  const runs = page.locator('#ov-runs').locator('xpath=..');
  const succeededRow = runs
    .locator('tbody tr')
    .filter({ has: page.locator('td:first-child', { hasText: /^succeeded$/ }) });
  expect(await runs.locator('svg.chart').getAttribute('aria-label')).toContain('succeeded');
  expect(await succeededRow.locator('td').nth(1).textContent()).toBe(await succeededThisWeek());
  expect(await page.locator('#injected').count()).toBe(0);
});

it('finds a person by email from the search box, and by name, with HR data shown as text only', async () => {
  await page.getByLabel('Find people by name, email or employee id').fill('eve.hostile1@example.com');
  await page.getByRole('button', { name: 'Find people' }).click();
  await poll(() => heading(page).textContent()).toBe(`${HOSTILE_NAME} (E-EVE1)`);

  await page.getByLabel('Find people by name, email or employee id').fill('eve');
  await page.keyboard.press('Enter');
  await poll(() => heading(page).textContent()).toBe('People');
  await poll(() => page.locator('#people-results table').textContent()).toContain('eve.hostile2@example.com');
  // Typing narrows the list as you go.
  await page.getByLabel('Name, email or employee id', { exact: true }).fill('eve.hostile2');
  await poll(() => page.locator('#people-results tbody tr').count()).toBe(1);
  await page.getByRole('link', { name: HOSTILE_NAME }).click();
  await poll(() => heading(page).textContent()).toBe(`${HOSTILE_NAME} (E-EVE2)`);
  expect(await page.locator('#injected').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
});

it('lists the audit trail newest first, filters it by person and action, and exports it', async () => {
  await page.goto(`${h.stack.api.url}/#/audit?since=2000-01-01`);
  await poll(() => page.locator('table.audit').textContent()).toContain('decide-approval');
  const times = await page
    .locator('table.audit tbody tr td:first-child time')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('datetime') ?? ''));
  expect(times.length).toBeGreaterThan(1);
  expect(times).toEqual([...times].sort().reverse());

  await page.getByLabel('Person (employee id or email)').fill('eve.hostile1@example.com');
  await page.getByLabel('Action contains').fill('decide');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await poll(() => page.url()).toContain('action=decide');
  const decisions = (await h.records.audit.listAudit({ since: '2000-01-01', limit: 1000 })).items.filter(
    (e) => e.employeeId === 'E-EVE1' && e.action.includes('decide'),
  );
  expect(decisions.length).toBeGreaterThan(0);
  await poll(() => page.locator('table.audit tbody tr').count()).toBe(decisions.length);
  const rows = await page.locator('table.audit tbody tr').allTextContents();
  expect(rows.every((row) => row.includes('decide') && row.includes(HOSTILE_NAME))).toBe(true);
  expect(rows.join('\n')).toContain('admin:admin@local');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('lanyard-audit-since-2000-01-01.csv');
  let csv = '';
  for await (const chunk of await download.createReadStream()) csv += chunk;
  expect(csv.split('\n')[0]).toContain('action');
  expect(csv).toMatch(/admin:admin@local.*decide-approval/);
});

it('shows the inbox in words: links decoded and clickable, no exception class names', async () => {
  const stored = await h.records.inbox.listNotifications({ limit: 200 });
  const encoded = stored.items.find((n) => /%3A/.test(n.body));
  expect(encoded, 'a notification whose link has a percent-encoded run or approval id').toBeDefined();
  await page.goto(`${h.stack.api.url}/#/inbox`);
  await poll(() => page.locator('table.inbox').textContent()).toContain('Seat needed for');
  const text = (await page.locator('table.inbox').textContent()) ?? '';
  expect(text).not.toMatch(/%[0-9A-F]{2}/);
  const inConsole = page.locator('table.inbox .message a[href^="#/approvals/"]').first();
  expect(await inConsole.textContent()).toMatch(/#\/approvals\/onboarding:/);
  expect(
    await page.evaluate<string>(
      "import('/console/text.js').then((m) => m.readable('failed:TrelloUnavailableError — TrelloUnavailableError: Trello answered 503'))",
    ),
  ).toBe('failed: Trello unavailable — Trello unavailable: Trello answered 503');
});

it('marks seats bought from the seats page: the queued hire is released and licensed', async () => {
  const { runId, email } = await pendingSeatApproval();
  await page.goto(`${h.stack.api.url}/#/seats`);
  await poll(() => page.locator('table').first().textContent()).toContain(email);
  const queued = (await h.records.approvals.listApprovals({ status: 'pending', limit: 200 })).items.filter(
    (a) => a.kind === 'seats-exhausted',
  ).length;
  await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount + queued });
  await page.getByLabel('Why (kept in the audit trail)').fill('bought more seats for the new hires');
  await page.getByRole('button', { name: 'Seats were bought: release the queue' }).click();
  await poll(() => page.locator('#notice').textContent()).toContain(`Released ${queued} queued hire(s)`);
  await waitFor(
    'the released hire to be licensed',
    async () => (await h.records.runs.getRun(runId))?.status === 'succeeded',
  );
  expect(h.stack.trello.state.memberByEmail(email)?.licensed).toBe(true);
  await poll(async () => {
    await page.reload();
    return page.getByText('Nobody is waiting for a seat.').isVisible();
  }).toBe(true);
  await poll(() => page.getByRole('heading', { name: 'Seats in use, last 30 days' }).isVisible()).toBe(true);
  const today = new Date().toISOString().slice(0, 10);
  await poll(() => page.locator('table').last().textContent()).toContain(today);
});

it('imports a CSV from the console and shows one status per row, the same file again as already-there', async () => {
  // Far in the future: the hire waits for its start date and makes no Trello calls here.
  const csv = [
    'id,type,occurredAt,effectiveAt,employeeId,email,fullName',
    'evt-console-import-1,employee.hired,2026-11-20T09:00:00Z,2027-06-01T09:00:00Z,E-CONSOLE-IMP,console.import@example.com,Console Import',
  ].join('\n');
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchProblems(tab, pageProblems, 'imports tab');
  await signIn(tab, h.stack.api.url, h.stack.adminToken, '#/imports');
  await poll(() => heading(tab).textContent()).toBe('Import HR events');
  await tab.getByLabel('or the rows themselves').fill(csv);
  await tab.getByRole('button', { name: 'Import' }).click();
  const rows = tab.getByRole('region', { name: 'Import results by row' });
  await poll(() => rows.textContent()).toMatch(/evt-console-import-1\s*added/);
  await tab.getByRole('button', { name: 'Import' }).click();
  await poll(() => rows.textContent()).toMatch(/evt-console-import-1\s*already-there\s*Already received/);
  await tab.close();
});

it('starts a reconciliation against an HR export file, listing the bad rows of one it refuses', async () => {
  const file = (text: string) => ({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The refused file below is answered 400 on purpose.
  watchProblems(tab, pageProblems, 'reconciliations tab', [400]);
  await signIn(tab, h.stack.api.url, h.stack.adminToken, '#/reconciliations');
  await poll(() => heading(tab).textContent()).toBe('Drift reconciliations');
  const upload = tab.getByLabel('HR export (optional)');
  await upload.setInputFiles(file('employeeId,email,status\nE-CONSOLE-HR,console.hr@example.com,retired\n'));
  await tab.getByRole('button', { name: 'Start reconciliation' }).click();
  await poll(() => tab.getByRole('list', { name: 'Rows of the HR export to fix' }).textContent()).toMatch(
    /Line 2: "retired" is not an employment status/,
  );

  await upload.setInputFiles(file('employeeId,email,status\nE-CONSOLE-HR,console.hr@example.com,active\n'));
  await tab.getByRole('button', { name: 'Start reconciliation' }).click();
  await poll(() => heading(tab).textContent()).toMatch(/^Reconciliation recon-/);
  const id = (await heading(tab).textContent())?.replace('Reconciliation ', '') ?? '';
  await waitFor(
    'the reconciliation',
    async () => (await h.records.reconciliations.getReconciliation(id))?.status === 'finished',
  );
  // The page was drawn while it was reading: its Refresh button draws it again.
  const refresh = tab.getByRole('button', { name: 'Refresh' });
  if ((await refresh.count()) > 0) await refresh.click();
  const findings = tab.getByRole('region', { name: 'Findings of this reconciliation' });
  await poll(() => findings.textContent(), 'the hire only HR knows').toMatch(
    /hire-not-provisioned\s*console\.hr@example\.com[\s\S]*line 2: E-CONSOLE-HR active/,
  );
  await tab.close();
});

it('opens a pasted approval link after sign-in in a fresh tab', async () => {
  const { approval } = await pendingSeatApproval();
  const tab = await browser.newPage();
  watchProblems(tab, pageProblems, 'tab');
  await signIn(tab, h.stack.api.url, h.stack.adminToken, `#/approvals/${encodeURIComponent(approval.id)}`);
  await poll(() => tab.locator('.question').textContent()).toBe(approval.question);
  await tab.getByRole('button', { name: 'Reject' }).click();
  await poll(() => tab.locator('#notice').textContent()).toContain('Rejected');
  await tab.close();
});

it('starts a sweep from the console and approves it on its page after keeping one person', async () => {
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  const idle = async (email: string, fullName: string) =>
    h.control<{ id: string }>('POST', '/members', {
      email,
      fullName,
      licensed: true,
      dateLastImpression: '2026-01-01T00:00:00.000Z',
    });
  const keeper = await idle('idle.keep@example.com', 'Idle Keep');
  await idle('idle.go@example.com', 'Idle Go');

  await page.goto(`${h.stack.api.url}/#/sweeps`);
  await page.getByLabel('Mode').selectOption('approve');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await poll(() => heading(page).textContent()).toMatch(/^Sweep sweep-/);
  const sweepId = ((await heading(page).textContent()) ?? '').replace('Sweep ', '');
  // It lists the idle members first; the page offers to look again until it awaits approval.
  await poll(async () => {
    const refresh = page.getByRole('button', { name: 'Refresh' });
    if (await refresh.isVisible()) await refresh.click();
    return page.getByRole('heading', { name: 'Decide' }).isVisible();
  }, 'the sweep to await its approval').toBe(true);
  await page.getByLabel('Keep idle.keep@example.com').check();
  await page.getByLabel('Comment (kept in the audit trail)').fill('Idle Keep is back from leave');
  await page.getByRole('button', { name: 'Approve' }).click();
  await poll(() => page.locator('#notice').textContent()).toContain('Approved: 1 kept');
  await waitFor(
    'the sweep to finish',
    async () => (await h.records.runs.getRun(sweepRunId(sweepId)))?.status === 'succeeded',
    60_000,
  );
  expect(h.stack.trello.state.member(keeper.id)?.licensed).toBe(true);
  expect(h.stack.trello.state.memberByEmail('idle.go@example.com')?.licensed).toBe(false);
  expect((await h.records.approvals.getApproval(`${sweepRunId(sweepId)}:reclaim`))?.comment).toBe(
    'Idle Keep is back from leave',
  );

  await page.getByRole('link', { name: 'Sweeps' }).click();
  await poll(() => page.locator('table').first().textContent()).toContain(sweepId);
}, 120_000);

it("lets an idle member keep their seat from the ask-first mail's link, with one press", async () => {
  const email = 'idle.keeper@example.com';
  const idle = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: 'Idle Keeper',
    licensed: true,
    dateLastImpression: '2026-01-01T00:00:00.000Z',
  });
  const started = await adminRequest(h, 'POST', '/admin/sweeps', { mode: 'ask-first' });
  const sweepId = String(started.json.sweepId);
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
  watchProblems(tab, pageProblems, 'keep page');
  await tab.goto(link);
  // Opening the link decides nothing (mail scanners open links); the token leaves the address bar.
  expect((await h.records.sweeps.getSweepMembers(sweepId, [idle.id])).get(idle.id)?.state).toBe('candidate');
  expect(tab.url()).not.toContain('#');
  await tab.getByRole('button', { name: 'Keep my seat' }).click();
  await poll(() => tab.getByRole('status').textContent()).toContain('Your Trello seat is kept');
  expect((await h.records.sweeps.getSweepMembers(sweepId, [idle.id])).get(idle.id)?.state).toBe('kept');
  await tab.close();
});

it('is keyboard-complete: a skip link to the content, and focus on the heading after navigation', async () => {
  await page.goto(`${h.stack.api.url}/#/approvals`);
  await poll(() => heading(page).textContent()).toBe('Approvals');
  // From the top of the page (the brand link), the skip link is the stop before it.
  await page.getByRole('link', { name: 'Lanyard', exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toBe('A Skip to content');
  await page.keyboard.press('Enter');
  await poll(() => focused(page)).toBe('H1 Approvals');
  expect(page.url()).toMatch(/#\/approvals$/);

  await page.getByRole('link', { name: 'Runs', exact: true }).focus();
  await page.keyboard.press('Enter');
  await poll(() => focused(page)).toBe('H1 Runs');
  expect(await page.getByRole('link', { name: 'Runs', exact: true }).getAttribute('aria-current')).toBe(
    'page',
  );
});

it('shows held terminations in the quarantine page; discards one department and releases the rest', async () => {
  const leavers = ['Sales', 'Ops', 'Sales'].map((department, i) => {
    const email = `quarantined${i}@example.com`;
    return { email, detail: hrEvent('employee.terminated', { email, id: `E-HELD${i}`, department }) };
  });
  for (const l of leavers)
    await h.control('POST', '/members', { email: l.email, fullName: l.email, licensed: true });
  // The first is within the limit of 1 and runs; the other two are held. The first is let past the
  // guard before the others start: started together, any one of the three could be the one let through.
  const runOf = (i: number) => h.records.runs.getRun(offboardingRunId(leavers[i]?.detail.id ?? ''));
  const [first, ...rest] = leavers;
  if (first) await startOffboarding(h, first.detail);
  await waitFor('the first past the guard', async () => (await runOf(0))?.cuts !== undefined);
  for (const l of rest) await startOffboarding(h, l.detail);
  // The run is marked waiting before the guard writes the held person: wait for the guard's list.
  await waitFor('two held', async () => {
    const { json } = await adminRequest(h, 'GET', '/admin/quarantine');
    const batches = json.batches as Array<{ pending: number }>;
    return batches.reduce((sum, b) => sum + b.pending, 0) === 2;
  });

  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${h.stack.api.url}/#/quarantine`);
  await poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/^2 held since/);
  expect(await page.locator('table').first().textContent()).toMatch(/Ops1.*Sales1/);
  await page.getByLabel('Only Ops').check();
  await page.getByRole('button', { name: 'Discard' }).click();
  await poll(() => page.locator('#notice').textContent()).toBe('Discarded 1; 1 still held.');
  await page.getByRole('button', { name: 'Release' }).click();
  await poll(() => page.locator('#notice').textContent()).toBe('Released 1; 0 still held.');
  await poll(() => page.getByText('Nothing is held.').isVisible()).toBe(true);

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

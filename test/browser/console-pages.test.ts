/**
 * Every page of the console, with real records behind it (a licensed hire, a hire queued for a
 * seat, an offboarding that left gaps, a finished sweep and one awaiting approval): at 1280 and
 * 800 px wide each page passes axe-core with no serious or critical violation, never scrolls
 * sideways, and is saved as a screenshot under test-results/ (kept by CI). Statuses that need an
 * admin's eye are never shown in the success colour.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { offboardingRunId, onboardingRunId } from '../../functions/core/lifecycle/run-ids.ts';
import { reconciliationRunId } from '../../functions/core/reconciliation/reconciliation-ids.ts';
import {
  hrEvent,
  type StackHarness,
  startOffboarding,
  startOnboarding,
  startStackHarness,
  waitFor,
  waitForExecution,
} from '../support/local-stack-harness.ts';
import { idleMember, startBatchRun, startSweep, TEST_SWEEP_CONFIG } from '../support/sweep-kit.ts';
import {
  colourOf,
  heading,
  launchChromium,
  pageOverflow,
  poll,
  screenshot,
  seriousViolations,
  signIn,
  watchProblems,
} from './browser-kit.ts';

let h: StackHarness;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];
const seeded = {
  gapsRunId: '',
  queuedApprovalId: '',
  awaitingSweepId: '',
  awaitingReconciliationId: '',
  licensedId: 'E-PAGES-ANA',
};

beforeAll(async () => {
  h = await startStackHarness({ inMemory: true, config: { sweep: TEST_SWEEP_CONFIG } });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });

  // A hire with a Trello account, licensed.
  await h.control('POST', '/members', { email: 'ana.lima@example.com', fullName: 'Ana Lima' });
  const hire = hrEvent('employee.hired', {
    email: 'ana.lima@example.com',
    fullName: 'Ana Lima',
    id: seeded.licensedId,
    department: 'Design',
  });
  await waitForExecution(h, await startOnboarding(h, hire), undefined, 60_000);

  // A leaver who administers a board alone, with nobody to hand it to: offboarded, with a gap.
  const leaverEmail = 'cy.gaps@example.com';
  const leaver = await h.control<{ id: string }>('POST', '/members', {
    email: leaverEmail,
    fullName: 'Cy Gaps',
    licensed: true,
  });
  h.stack.idp?.addUser({ email: leaverEmail });
  await h.control('POST', '/boards', { name: 'Orphan', members: [{ idMember: leaver.id, type: 'admin' }] });
  const termination = hrEvent('employee.terminated', {
    email: leaverEmail,
    fullName: 'Cy Gaps',
    id: 'E-PAGES-CY',
  });
  await waitForExecution(h, await startOffboarding(h, termination), undefined, 60_000);
  seeded.gapsRunId = offboardingRunId(termination.id);

  // Sweeps: one finished report, one awaiting its approval.
  await idleMember(h);
  await startSweep(h, 'report');
  seeded.awaitingSweepId = (await startSweep(h, 'approve', (s) => s === 'waiting-approval')).sweepId;
  // A reconciliation whose fixes await their approval (the idle member is a licensed unknown).
  const reconciliation = await startBatchRun(
    h,
    '/admin/reconciliations',
    { mode: 'approve' },
    'id',
    reconciliationRunId,
    (s) => s === 'waiting-approval',
  );
  seeded.awaitingReconciliationId = reconciliation.id;

  // Every seat taken: a hire with a Trello account queues for one.
  await h.control('POST', '/enterprise', { maxMembers: h.stack.trello.state.licensedCount });
  await h.control('POST', '/members', { email: 'bo.queue@example.com', fullName: 'Bo Queue' });
  const queued = hrEvent('employee.hired', {
    email: 'bo.queue@example.com',
    fullName: 'Bo Queue',
    id: 'E-PAGES-BO',
  });
  await startOnboarding(h, queued);
  const approval = await waitFor('the seat request', async () => {
    const { items } = await h.records.approvals.listApprovals({ status: 'pending', limit: 100 });
    return items.find((a) => a.runId === onboardingRunId(queued.id));
  });
  seeded.queuedApprovalId = approval.id;

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watchProblems(page, pageProblems);
  await signIn(page, h.stack.api.url, h.stack.adminToken);
}, 240_000);

afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page) await screenshot(page, `failed-${context.task.name}`);
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The colour the console gives a success (read from a page element, not copied from the CSS). */
async function successColour(): Promise<string> {
  return page.evaluate<string>(
    "(() => { const s = document.createElement('span'); s.className = 'severity-good'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; })()",
  );
}

describe('statuses and summaries', () => {
  it('shows an offboarding that left gaps as a warning, never in the success colour', async () => {
    const run = await h.records.runs.getRun(seeded.gapsRunId);
    expect(run).toMatchObject({ status: 'succeeded-with-gaps', outcome: 'offboarded-with-gaps' });
    await page.goto(`${h.stack.api.url}/#/runs/${encodeURIComponent(seeded.gapsRunId)}`);
    const outcome = page.locator('dd .status', { hasText: 'offboarded-with-gaps' });
    await poll(() => outcome.count()).toBe(1);
    const good = await successColour();
    for (const word of ['offboarded-with-gaps', 'succeeded-with-gaps']) {
      const shown = page.locator('dd .status', { hasText: word }).first();
      expect(await shown.getAttribute('class')).toContain('severity-warn');
      expect(await colourOf(shown)).not.toBe(good);
    }
    await page.goto(`${h.stack.api.url}/#/runs?status=succeeded-with-gaps`);
    const listed = page.locator('td .status', { hasText: 'succeeded-with-gaps' }).first();
    await poll(() => listed.count()).toBe(1);
    expect(await colourOf(listed)).not.toBe(good);
  });

  it("lists a finished offboarding's summary as effects and gaps, gaps first", async () => {
    await page.goto(`${h.stack.api.url}/#/runs/${encodeURIComponent(seeded.gapsRunId)}`);
    const items = page.locator('ul.summary li');
    await poll(() => items.count()).toBeGreaterThan(2);
    const first = items.first();
    expect(await first.getAttribute('class')).toBe('severity-warn');
    expect(await first.textContent()).toContain('To do by hand: Board "Orphan"');
    const done = await page.locator('ul.summary li.severity-good').allTextContents();
    expect(done).toEqual(expect.arrayContaining([expect.stringContaining('Trello member deactivated')]));
  });
});

it('finds an accessibility fault planted in a page, so a clean result means something', async () => {
  await page.goto(`${h.stack.api.url}/#/overview`);
  await poll(() => heading(page).textContent()).toBe('Overview');
  // A text field with no label: a critical violation for axe-core.
  await page.evaluate(
    "(() => { const i = document.createElement('input'); i.id = 'planted'; document.getElementById('view').append(i); })()",
  );
  expect((await seriousViolations(page)).map((v) => v.id)).toContain('label');
  await page.evaluate("document.getElementById('planted').remove()");
});

/** Every page, how to reach it, and the heading that says it has drawn. */
function pages(): Array<{ name: string; hash: string; heading: string | RegExp }> {
  return [
    { name: 'overview', hash: '#/overview', heading: 'Overview' },
    { name: 'approvals', hash: '#/approvals', heading: 'Approvals' },
    {
      name: 'approval',
      hash: `#/approvals/${encodeURIComponent(seeded.queuedApprovalId)}`,
      heading: /^Approval: /,
    },
    { name: 'inbox', hash: '#/inbox', heading: 'Inbox' },
    { name: 'runs', hash: '#/runs', heading: 'Runs' },
    { name: 'run', hash: `#/runs/${encodeURIComponent(seeded.gapsRunId)}`, heading: /^Run offboarding/ },
    { name: 'people', hash: '#/people?q=a', heading: 'People' },
    { name: 'person', hash: `#/people/${seeded.licensedId}`, heading: `Ana Lima (${seeded.licensedId})` },
    { name: 'seats', hash: '#/seats', heading: 'License seats' },
    { name: 'sweeps', hash: '#/sweeps', heading: 'Sweeps' },
    { name: 'sweep', hash: `#/sweeps/${seeded.awaitingSweepId}`, heading: `Sweep ${seeded.awaitingSweepId}` },
    { name: 'reconciliations', hash: '#/reconciliations', heading: 'Drift reconciliations' },
    {
      name: 'reconciliation',
      hash: `#/reconciliations/${seeded.awaitingReconciliationId}`,
      heading: `Reconciliation ${seeded.awaitingReconciliationId}`,
    },
    { name: 'quarantine', hash: '#/quarantine', heading: 'Quarantine' },
    { name: 'audit', hash: '#/audit?since=2000-01-01', heading: 'Audit trail' },
    { name: 'imports', hash: '#/imports', heading: 'Import HR events' },
    { name: 'consolidation', hash: '#/consolidation', heading: 'Workspace consolidation' },
  ];
}

async function check(name: string, width: number) {
  // The page must be whole before axe reads it: wait until nothing is loading any more.
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page), `axe on ${name} at ${width} px`).toEqual([]);
  expect(await pageOverflow(page), `sideways scrolling of ${name} at ${width} px`).toBeLessThanOrEqual(0);
  await screenshot(page, `${name}-${width}`);
}

describe.each([1280, 800])('every page at %i px', (width) => {
  beforeAll(async () => {
    await page.setViewportSize({ width, height: 800 });
  });

  it('signs in from a page without violations', async () => {
    const fresh = await browser.newPage({ viewport: { width, height: 800 } });
    watchProblems(fresh, pageProblems, 'sign-in page');
    await fresh.goto(`${h.stack.api.url}/`);
    await poll(() => heading(fresh).textContent()).toBe('Sign in');
    expect(await seriousViolations(fresh), `axe on sign-in at ${width} px`).toEqual([]);
    expect(await pageOverflow(fresh)).toBeLessThanOrEqual(0);
    await screenshot(fresh, `sign-in-${width}`);
    await fresh.close();
  });

  it('passes axe-core with no serious or critical violation, without sideways scrolling', async () => {
    for (const p of pages()) {
      await page.goto(`${h.stack.api.url}/${p.hash}`);
      await poll(() => heading(page).textContent(), `the ${p.name} page at ${width} px`).toMatch(
        typeof p.heading === 'string' ? new RegExp(`^${literally(p.heading)}$`) : p.heading,
      );
      await check(p.name, width);
    }
  }, 180_000);
});

function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

it('ran without a script error or a CSP violation', () => {
  expect(pageProblems).toEqual([]);
});

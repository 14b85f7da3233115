/**
 * What the browser tests share: Debian's Chromium driven by playwright-core, a page that records
 * every script error and CSP violation, signing in, axe-core run inside the page, screenshots.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * expect.poll with room for a loaded machine: the console waits on the local stack (workflows,
 * the Trello simulator), which on two busy cores can take seconds; vitest's default is 1 s.
 */
export function poll<T>(read: () => T | Promise<T>, message?: string) {
  return expect.poll(read, { timeout: 30_000, interval: 100, ...(message ? { message } : {}) });
}

export const CHROMIUM = process.env.LANYARD_CHROMIUM ?? '/usr/bin/chromium';
/** Where CI keeps what the tests leave (screenshots): the test output folder. */
export const RESULTS_DIR = 'test-results';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: run .ci/install-system-deps (apt-get install chromium) or set LANYARD_CHROMIUM`,
    );
  }
  return chromium.launch({
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
}

/**
 * Records script errors and console errors (CSP violations among them) of a page into `into`.
 * Chromium logs every refused request itself: the sign-in's 401 always, and the statuses a test
 * provokes on purpose (`refusals`, e.g. a file the API refuses with 400); anything else is a problem.
 */
export function watchProblems(page: Page, into: string[], name = 'page', refusals: number[] = []): void {
  page.on('pageerror', (error) => into.push(`${name} error: ${error.message}`));
  page.on('console', (message) => {
    const refused = [401, ...refusals].some((status) => message.text().includes(`status of ${status}`));
    if (message.type() === 'error' && !refused) into.push(`${name} console error: ${message.text()}`);
  });
}

/** Opens the console and signs in with the token; waits until the caller is shown. */
export async function signIn(page: Page, apiUrl: string, token: string, hash = ''): Promise<void> {
  await page.goto(`${apiUrl}/${hash}`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#caller', { hasText: 'Signed in as admin@local' }).waitFor();
}

/** The text colour the page computes for an element (rgb(…)). */
export function colourOf(element: Locator): Promise<string> {
  return element.evaluate(
    (e) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e)
        .color,
  );
}

/** The heading of the page now shown. */
export function heading(page: Page) {
  return page.locator('#view h1');
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page and answers its serious and critical violations. The console's CSP
 * (script-src 'self') refuses an injected <script> with inline content, so axe's source is
 * evaluated through the DevTools protocol instead, which the page's CSP does not govern.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }
    ).axe;
    const result = (await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })) as {
      passes: unknown[];
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[] }>;
      }>;
    };
    // No rule passed at all: axe did not look at the page, and "no violation" would mean nothing.
    if (result.passes.length === 0) throw new Error('axe-core checked no rule on this page');
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a full-page screenshot under the test output (kept by CI as an artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}/console-${name.replace(/[^a-z0-9-]+/gi, '-')}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** How far the page is wider than the window (0: no sideways scrolling of the page). */
export function pageOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** What has the focus: its tag and text (`H1 Overview`), or its id when it has one and no text. */
export function focused(page: Page): Promise<string> {
  return page.evaluate<string>(
    "(() => { const e = document.activeElement; const text = (e?.textContent ?? '').trim(); return text ? e?.tagName + ' ' + text : e?.tagName + '#' + e?.id; })()",
  );
}

/** Takes the focus off whatever has it, as if the page had just loaded. */
export async function blur(page: Page): Promise<void> {
  await page.evaluate('document.activeElement?.blur()');
}

/**
 * How a step walks Trello's paged members query for a time budget (the sweep's listing, the
 * reconciliation's reading): each page is recorded while the next one is asked for, so Trello's
 * answer and the writes overlap; the step answers the cursor to continue from, and the workflow
 * loops on it, so a 100,000-member Enterprise is never one long Lambda.
 */
import type { Clock } from '../ports/clock.ts';
import type { MemberPage } from '../ports/trello-admin.ts';

export async function walkPages(
  cursor: string | null,
  fetchPage: (cursor: string | null) => Promise<MemberPage>,
  recordPage: (page: MemberPage) => Promise<number>,
  budget: { clock: Clock; ms: number },
): Promise<{ cursor: string | null; done: boolean; listed: number }> {
  const deadline = budget.clock.now().getTime() + budget.ms;
  let page = await fetchPage(cursor);
  let listed = 0;
  for (;;) {
    const more = page.nextCursor !== null && budget.clock.now().getTime() < deadline;
    const following = more ? fetchPage(page.nextCursor) : null;
    const recorded = recordPage(page);
    // Both settle before either error is thrown, so no request is left running unobserved.
    const [wrote, fetched] = await Promise.allSettled([recorded, following]);
    if (wrote.status === 'rejected') throw wrote.reason;
    if (fetched.status === 'rejected') throw fetched.reason;
    listed += wrote.value;
    if (fetched.value === null) return { cursor: page.nextCursor, done: page.nextCursor === null, listed };
    page = fetched.value;
  }
}

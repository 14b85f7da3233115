/**
 * List Idle Members (pages for up to LIST_BUDGET_MS per call; the workflow loops on the cursor so
 * a 100,000-member Enterprise is never one long Lambda): `members/query?licensed=true&inactiveSince=<cutoff>`,
 * then what the API cannot filter (deactivated rows — Trello refuses `deactivated=false`, T1112)
 * and the exemptions: Enterprise admins, the allow-list, people onboarded within the grace
 * period, and people on leave per their HR record. Every row is recorded with its reason.
 */
import type { PersonProfile } from '../../ports/records/people.ts';
import type { SweepMember } from '../../ports/records/sweeps.ts';
import type { EnterpriseMember } from '../../ports/trello-admin.ts';
import { walkPages } from '../trello-pages.ts';
import type { SweepContext, SweepDeps, SweepSettings } from './sweep-deps.ts';

/**
 * How long one call keeps listing pages (each one paced call and a few batched writes): the
 * workflow's turns, and their history events, come every few hundred pages instead of every page.
 */
export const LIST_BUDGET_MS = 30_000;

export async function listIdleMembers(
  sweep: SweepContext,
  cursor: string | null,
  deps: SweepDeps<'people' | 'sweeps'>,
): Promise<{ cursor: string | null; done: boolean; listed: number }> {
  return walkPages(
    cursor,
    (at) => deps.trello.queryMembers({ licensed: true, inactiveSince: sweep.inactiveSince }, at),
    (page) => recordPage(sweep, page.members, deps),
    { clock: deps.clock, ms: LIST_BUDGET_MS },
  );
}

/** Records a page's idle members as candidates or exemptions; the number recorded. */
async function recordPage(
  sweep: SweepContext,
  members: EnterpriseMember[],
  deps: SweepDeps<'people' | 'sweeps'>,
): Promise<number> {
  const idle = members.filter((m) => isIdleSeat(m, sweep));
  // One batched read for the page's HR records, not one per member.
  const people = await deps.people.findPeopleByMemberIds(idle.map((m) => m.memberId));
  const now = deps.clock.now();
  const rows: SweepMember[] = idle.map((member) => {
    const exemption = exemptionOf(member, people.get(member.memberId) ?? null, deps.sweepSettings, now);
    return {
      memberId: member.memberId,
      email: member.email,
      fullName: member.fullName,
      lastActiveAt: member.lastActiveAt,
      state: exemption ? 'exempt' : 'candidate',
      reason:
        exemption ?? `not active since ${sweep.inactiveSince} (last: ${member.lastActiveAt ?? 'never'})`,
    };
  });
  await deps.sweeps.addSweepMembers(sweep.sweepId, rows);
  return rows.length;
}

/**
 * Still holds a seat and still idle. Rows the API could not filter out (deactivated, T1112), and
 * a double check of the activity date: the `inactiveSince` semantics are UNVERIFIED (NOTES §2).
 */
export function isIdleSeat(member: EnterpriseMember, sweep: Pick<SweepContext, 'inactiveSince'>): boolean {
  if (member.deactivated || !member.licensed) return false;
  return member.lastActiveAt === null || member.lastActiveAt.slice(0, 10) < sweep.inactiveSince;
}

/** Why the member is kept, or null when they may be swept (a pure rule over their HR record). */
export function exemptionOf(
  member: EnterpriseMember,
  person: PersonProfile | null,
  policy: Pick<SweepSettings, 'allowList' | 'graceDays'>,
  now: Date,
): string | null {
  if (member.enterpriseAdmin) return 'Enterprise admin';
  if (member.email && policy.allowList.includes(member.email.toLowerCase())) return 'on the allow-list';
  if (person === null) return null;
  if (person.onLeave) return 'on leave per HR';
  const hire = person.lastEvent;
  if (hire && (hire.type === 'employee.hired' || hire.type === 'employee.rehired')) {
    const since = now.getTime() - Date.parse(hire.effectiveAt);
    if (since < policy.graceDays * 86_400_000) return `onboarded within the last ${policy.graceDays} days`;
  }
  if (person.lifecycle === 'onboarding' || person.lifecycle === 'awaiting-first-login')
    return 'being onboarded';
  return null;
}

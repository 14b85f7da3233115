/**
 * List Idle Members (one page per call; the workflow loops on the cursor so a 100,000-member
 * Enterprise is never one long Lambda): `members/query?licensed=true&inactiveSince=<cutoff>`,
 * then what the API cannot filter (deactivated rows — Trello refuses `deactivated=false`, T1112)
 * and the exemptions: Enterprise admins, the allow-list, people onboarded within the grace
 * period, and people on leave per their HR record. Every row is recorded with its reason.
 */
import type { SweepMember } from '../../ports/record-store.ts';
import type { EnterpriseMember } from '../../ports/trello-admin.ts';
import type { SweepContext, SweepDeps } from './sweep-deps.ts';

export async function listIdleMembers(
  sweep: SweepContext,
  cursor: string | null,
  deps: SweepDeps,
): Promise<{ cursor: string | null; done: boolean; listed: number }> {
  const page = await deps.trello.queryMembers({ licensed: true, inactiveSince: sweep.inactiveSince }, cursor);
  const rows: SweepMember[] = [];
  for (const member of page.members) {
    if (member.deactivated || !member.licensed) continue;
    const exemption = await exemptionOf(member, deps);
    rows.push({
      memberId: member.memberId,
      email: member.email,
      fullName: member.fullName,
      lastActiveAt: member.lastActiveAt,
      state: exemption ? 'exempt' : 'candidate',
      reason:
        exemption ?? `not active since ${sweep.inactiveSince} (last: ${member.lastActiveAt ?? 'never'})`,
    });
  }
  await deps.records.addSweepMembers(sweep.sweepId, rows);
  return { cursor: page.nextCursor, done: page.nextCursor === null, listed: rows.length };
}

/** Why the member is kept, or null when they may be swept. */
export async function exemptionOf(member: EnterpriseMember, deps: SweepDeps): Promise<string | null> {
  if (member.enterpriseAdmin) return 'Enterprise admin';
  if (member.email && deps.sweep.allowList.includes(member.email.toLowerCase())) return 'on the allow-list';
  const person = await deps.records.findPersonByMemberId(member.memberId);
  if (person === null) return null;
  if (person.onLeave) return 'on leave per HR';
  const hire = person.lastEvent;
  if (hire && (hire.type === 'employee.hired' || hire.type === 'employee.rehired')) {
    const since = deps.clock.now().getTime() - Date.parse(hire.effectiveAt);
    if (since < deps.sweep.graceDays * 86_400_000)
      return `onboarded within the last ${deps.sweep.graceDays} days`;
  }
  if (person.lifecycle === 'onboarding' || person.lifecycle === 'awaiting-first-login')
    return 'being onboarded';
  return null;
}

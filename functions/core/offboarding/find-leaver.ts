/**
 * The leaver's Trello account: the one Lanyard provisioned (its id is on the person's record)
 * when the email still leads to it or to nobody, else the account the email leads to. An email
 * that now leads to another account than the stored one keeps the stored account: found by name
 * (Trello's search is a prefix of email or full name; no per-id read is cheap).
 */
import type { EnterpriseMember, TrelloAdmin } from '../../ports/trello-admin.ts';
import type { RunContext } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export async function findLeaver(
  run: RunContext,
  deps: Pick<OffboardingDeps, 'people'> & { trello: Pick<TrelloAdmin, 'findMemberByEmail' | 'queryMembers'> },
): Promise<EnterpriseMember | null> {
  const profile = await deps.people.getProfile(run.person.id);
  const byEmail = await deps.trello.findMemberByEmail(run.person.email);
  if (profile?.trelloMemberId && byEmail && byEmail.memberId !== profile.trelloMemberId) {
    const page = await deps.trello.queryMembers({ managed: true, search: run.person.fullName });
    return page.members.find((m) => m.memberId === profile.trelloMemberId) ?? null;
  }
  return byEmail;
}

/** Keeps the leaver's member id on their record (a later rehire reactivates that same account). */
export async function rememberMemberId(
  run: RunContext,
  memberId: string,
  deps: Pick<OffboardingDeps, 'people' | 'clock'>,
): Promise<void> {
  if (run.dryRun) return;
  const profile = await deps.people.getProfile(run.person.id);
  if (profile === null || profile.trelloMemberId === memberId || profile.currentRunId !== run.runId) return;
  await deps.people.putProfile(
    { ...profile, trelloMemberId: memberId, updatedAt: deps.clock.now().toISOString() },
    profile.version,
  );
}

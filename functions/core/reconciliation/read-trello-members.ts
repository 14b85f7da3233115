/**
 * Read Trello Members (pages for up to READ_BUDGET_MS per call; the workflow loops until both
 * passes are done): the Enterprise's members query, `licensed=true` and `deactivated=true` (Trello
 * refuses a query without an association flag, and `false` values, T1112), the two passes walked
 * at once, each on its own cursor, paced by the shared Trello limiter like the sweep's listing.
 * At once, not one after the other: the Trello limiter shares its windows between them, so the
 * pages cost the same, while the deactivated pass's IdP reads (one per member no record covers)
 * run in the time the licensed pass waits for its windows (`npm run bench -- reconcile`: at
 * Trello's real windows, the deactivated pass after the licensed one was 12.5 s of a 108 s run
 * whose floor is 80.8 s). Each page: one batched read of the people behind it, the IdP asked about
 * the deactivated members no leaver record covers, the HR export's rows of their emails (when one
 * was given), the findings recorded with their evidence, and the known people and the HR
 * export's people noted as seen (the hire checks read that).
 * A pass that fails while the other made progress keeps its cursor and is tried again on the next
 * call, so one pass's rate limit or outage does not throw away (and read again) the other's
 * pages; a call in which nothing progressed throws, and the step's Retry waits.
 */
import type { PersonProfile } from '../../ports/records/people.ts';
import type { HrSighting, ReconciliationSighting } from '../../ports/records/reconciliations.ts';
import type { EnterpriseMember, MemberQuery } from '../../ports/trello-admin.ts';
import { walkPages } from '../trello-pages.ts';
import { type HrReading, type IdpReading, memberFindings, memberNeedsIdpReading } from './classify-drift.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';
import { findingBatch, idpReader, type TrelloPass, TrelloPasses } from './reconciliation-ids.ts';

export const READ_BUDGET_MS = 30_000;

/** Where a pass of the members query is: Trello's cursor within it, and whether it has ended. */
export interface PassAt {
  cursor: string | null;
  done: boolean;
}

export type TrelloReading = Record<TrelloPass, PassAt>;

const QUERY: Record<TrelloPass, MemberQuery> = {
  licensed: { licensed: true },
  deactivated: { deactivated: true },
};

export async function readTrelloMembers(
  reconciliation: ReconciliationContext,
  at: TrelloReading,
  deps: ReconciliationDeps<'people' | 'reconciliations'>,
): Promise<TrelloReading & { done: boolean; read: number }> {
  const walks = await Promise.allSettled(
    TrelloPasses.map((pass) =>
      at[pass].done
        ? null
        : walkPages(
            at[pass].cursor,
            (cursor) => deps.trello.queryMembers(QUERY[pass], cursor),
            (page) => recordPage(reconciliation, pass, page.members, deps),
            { clock: deps.clock, ms: READ_BUDGET_MS },
          ),
    ),
  );
  const reading = { ...at };
  let read = 0;
  let progressed = false;
  const failures: unknown[] = [];
  TrelloPasses.forEach((pass, i) => {
    const walk = walks[i];
    if (walk === undefined || walk.status === 'rejected') {
      failures.push(walk?.reason);
      return;
    }
    if (walk.value === null) return;
    reading[pass] = { cursor: walk.value.cursor, done: walk.value.done };
    read += walk.value.listed;
    progressed ||= walk.value.listed > 0 || walk.value.done;
  });
  if (failures.length > 0 && !progressed) throw failures[0];
  return { ...reading, done: TrelloPasses.every((pass) => reading[pass].done), read };
}

async function recordPage(
  reconciliation: ReconciliationContext,
  pass: TrelloPass,
  members: EnterpriseMember[],
  deps: ReconciliationDeps<'people' | 'reconciliations'>,
): Promise<number> {
  const people = await deps.people.findPeopleByMemberIds(members.map((m) => m.memberId));
  const hrOf = await hrReader(reconciliation, members, people, deps);
  const readAt = deps.clock.now().toISOString();
  const readIdp = idpReader(deps.idp);
  const findings = await Promise.all(
    members.map(async (member) => {
      const person = people.get(member.memberId) ?? null;
      const idpUser: IdpReading =
        memberNeedsIdpReading(member, person) && member.email !== null
          ? await readIdp(member.email)
          : undefined;
      return memberFindings(member, person, idpUser, readAt, hrOf(member));
    }),
  );
  const hrSightings: HrSighting[] = members.flatMap((member) => {
    const row = hrOf(member);
    return row
      ? [
          {
            email: row.email,
            memberId: member.memberId,
            licensed: member.licensed,
            deactivated: member.deactivated,
          },
        ]
      : [];
  });
  const sightings: ReconciliationSighting[] = members.flatMap((member) => {
    const person = people.get(member.memberId);
    return person
      ? [
          {
            employeeId: person.employeeId,
            memberId: member.memberId,
            licensed: member.licensed,
            deactivated: member.deactivated,
          },
        ]
      : [];
  });
  await Promise.all([
    deps.reconciliations.addFindings(
      reconciliation.reconciliationId,
      findings.flat(),
      findingBatch(pass, members[0]?.memberId),
    ),
    deps.reconciliations.addSightings(reconciliation.reconciliationId, sightings),
    deps.reconciliations.addHrSightings(reconciliation.reconciliationId, hrSightings),
  ]);
  return members.length;
}

/**
 * What the HR export says of each member of the page (one batched read of the rows of their
 * emails, and of their people's, which Trello may spell differently); `undefined` for everyone
 * when no export was given, and for a member with no email to look up (Trello shows none, and no
 * record knows them).
 */
async function hrReader(
  reconciliation: ReconciliationContext,
  members: EnterpriseMember[],
  people: Map<string, PersonProfile>,
  deps: ReconciliationDeps<'reconciliations'>,
): Promise<(member: EnterpriseMember) => HrReading> {
  if (reconciliation.hrExportRows === null) return () => undefined;
  const emailsOf = (member: EnterpriseMember) =>
    [member.email, people.get(member.memberId)?.email].flatMap((e) => (e ? [e.toLowerCase()] : []));
  const rows = await deps.reconciliations.getHrExportRows(reconciliation.reconciliationId, [
    ...new Set(members.flatMap(emailsOf)),
  ]);
  return (member) => {
    const emails = emailsOf(member);
    if (emails.length === 0) return undefined;
    for (const email of emails) {
      const row = rows.get(email);
      if (row) return row;
    }
    return null;
  };
}

/**
 * Read Trello Members (pages for up to READ_BUDGET_MS per call; the workflow loops on the cursor):
 * the Enterprise's members query, `licensed=true` then `deactivated=true` (Trello refuses a query
 * without an association flag, and `false` values, T1112), paced by the shared Trello limiter like
 * the sweep's listing. Each page: one batched read of the people behind it, the IdP asked about
 * the deactivated members no leaver record covers, the HR export's rows of their emails (when one
 * was given), the findings recorded with their evidence, and the known people and the HR export's
 * people noted as seen (the hire checks read that).
 */
import type { PersonProfile } from '../../ports/records/people.ts';
import type { HrSighting, ReconciliationSighting } from '../../ports/records/reconciliations.ts';
import type { EnterpriseMember } from '../../ports/trello-admin.ts';
import { walkPages } from '../trello-pages.ts';
import { type HrReading, type IdpReading, memberFindings, memberNeedsIdpReading } from './classify-drift.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';
import { findingBatch, idpReader, type TrelloPass, TrelloPasses } from './reconciliation-ids.ts';

export const READ_BUDGET_MS = 30_000;

export async function readTrelloMembers(
  reconciliation: ReconciliationContext,
  at: { pass: TrelloPass; cursor: string | null },
  deps: ReconciliationDeps,
): Promise<{ pass: TrelloPass; cursor: string | null; done: boolean; read: number }> {
  const query = at.pass === 'licensed' ? ({ licensed: true } as const) : ({ deactivated: true } as const);
  const page = await walkPages(
    at.cursor,
    (cursor) => deps.trello.queryMembers(query, cursor),
    (members) => recordPage(reconciliation, at.pass, members.members, deps),
    { clock: deps.clock, ms: READ_BUDGET_MS },
  );
  if (!page.done) return { pass: at.pass, cursor: page.cursor, done: false, read: page.listed };
  const next = TrelloPasses[TrelloPasses.indexOf(at.pass) + 1];
  return next === undefined
    ? { pass: at.pass, cursor: null, done: true, read: page.listed }
    : { pass: next, cursor: null, done: false, read: page.listed };
}

async function recordPage(
  reconciliation: ReconciliationContext,
  pass: TrelloPass,
  members: EnterpriseMember[],
  deps: ReconciliationDeps,
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
  deps: ReconciliationDeps,
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

/**
 * Check People (a page per call; the workflow loops on the pass and cursor), in two passes:
 * 1. `people`: every person Lanyard has a record of — with a run or without one (a record an HR
 *    event made that started no run, or one older than its runs) — from the people directory,
 *    judged by their record as it is now: a leaver is looked up in the IdP (can they still sign
 *    in?), a hire in the Trello sightings of this reconciliation (do they hold a seat?).
 * 2. `hr-export`, only when an admin gave an HR export: its rows, judged against Trello and the IdP
 *    (check-hr-export.ts).
 * Each pass lists each person once; a retried call finds the same finding ids, which are written once.
 */
import type { PersonProfile } from '../../ports/records/people.ts';
import { checkHrExport } from './check-hr-export.ts';
import { needsIdpReading, personFindings } from './classify-drift.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';
import { findingBatch, idpReader, type PeoplePass } from './reconciliation-ids.ts';

/** People read per call: each one IdP read at most, a few at a time (well inside the step's timeout). */
export const PEOPLE_PAGE = 100;

export interface PeopleProgress {
  pass: PeoplePass;
  cursor: string | null;
  done: boolean;
  checked: number;
}

export async function checkPeople(
  reconciliation: ReconciliationContext,
  at: { pass: PeoplePass; cursor: string | null },
  deps: ReconciliationDeps<'people' | 'reconciliations'>,
): Promise<PeopleProgress> {
  const page =
    at.pass === 'people'
      ? await checkDirectoryPage(reconciliation, at.cursor, deps)
      : await checkHrExport(reconciliation, at.cursor, PEOPLE_PAGE, deps);
  if (page.cursor !== null) return { pass: at.pass, ...page, done: false };
  if (at.pass === 'people' && reconciliation.hrExportRows !== null)
    return { pass: 'hr-export', cursor: null, done: false, checked: page.checked };
  return { pass: at.pass, cursor: null, done: true, checked: page.checked };
}

async function checkDirectoryPage(
  reconciliation: ReconciliationContext,
  cursor: string | null,
  deps: ReconciliationDeps<'people' | 'reconciliations'>,
): Promise<{ cursor: string | null; checked: number }> {
  const page = await deps.people.listPeople({ limit: PEOPLE_PAGE, cursor });
  const sightings = await deps.reconciliations.getSightings(
    reconciliation.reconciliationId,
    page.items.map((person) => person.employeeId),
  );
  const readAt = deps.clock.now().toISOString();
  const readIdp = idpReader(deps.idp);
  const findings = await Promise.all(
    page.items.map(async (person: PersonProfile) => {
      const idpUser = needsIdpReading(person) ? await readIdp(person.email) : undefined;
      return personFindings(person, sightings.get(person.employeeId) ?? null, idpUser, readAt);
    }),
  );
  await deps.reconciliations.addFindings(
    reconciliation.reconciliationId,
    findings.flat(),
    findingBatch('people', page.items[0]?.employeeId),
  );
  return { cursor: page.nextCursor, checked: page.items.length };
}

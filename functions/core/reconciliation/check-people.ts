/**
 * Check People (a page of runs per call; the workflow loops on the cursor): the people of
 * Lanyard's onboarding and offboarding runs, newest first — the records say who was hired and who
 * left without a scan of the table. Each person is judged by their record as it is now: a leaver
 * is looked up in the IdP (can they still sign in?), a hire in the Trello sightings of this
 * reconciliation (do they hold a seat?). A person with several runs is judged once per page; a
 * later page that meets them again finds the same finding ids, which are written once.
 */
import type { PersonProfile } from '../../ports/record-store.ts';
import { needsIdpReading, personFindings } from './classify-drift.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';
import { idpReader } from './reconciliation-ids.ts';

/** Runs read per call: at most this many people, each one IdP read at most. */
export const PEOPLE_PAGE = 100;

export async function checkPeople(
  reconciliation: ReconciliationContext,
  cursor: string | null,
  deps: ReconciliationDeps,
): Promise<{ cursor: string | null; done: boolean; checked: number }> {
  const page = await deps.records.listRuns({ limit: PEOPLE_PAGE, cursor });
  const employeeIds = [
    ...new Set(
      page.items.flatMap((run) =>
        (run.kind === 'onboarding' || run.kind === 'offboarding') && run.employeeId ? [run.employeeId] : [],
      ),
    ),
  ];
  const [profiles, sightings] = await Promise.all([
    deps.records.getProfiles(employeeIds),
    deps.records.getSightings(reconciliation.reconciliationId, employeeIds),
  ]);
  const readAt = deps.clock.now().toISOString();
  const readIdp = idpReader(deps.idp);
  const findings = await Promise.all(
    [...profiles.values()].map(async (person: PersonProfile) => {
      const idpUser = needsIdpReading(person) ? await readIdp(person.email) : undefined;
      return personFindings(person, sightings.get(person.employeeId) ?? null, idpUser, readAt);
    }),
  );
  await deps.records.addFindings(reconciliation.reconciliationId, findings.flat());
  return { cursor: page.nextCursor, done: page.nextCursor === null, checked: profiles.size };
}

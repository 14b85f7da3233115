/**
 * The HR export's pass of Check People: a page of the export's rows, each judged against what the
 * Trello pages showed of that email (the HR sightings Read Trello Members noted), Lanyard's record
 * of the person, and — for HR's leavers Lanyard has not offboarded — the IdP (classify-hr-drift.ts).
 * The Trello side of the export (a licensed member HR does not list) was judged while reading Trello.
 */
import { hrRowFindings, needsHrIdpReading } from './classify-hr-drift.ts';
import type { ReconciliationContext, ReconciliationDeps } from './reconciliation-deps.ts';
import { findingBatch, idpReader } from './reconciliation-ids.ts';

export async function checkHrExport(
  reconciliation: ReconciliationContext,
  cursor: string | null,
  limit: number,
  deps: ReconciliationDeps<'people' | 'reconciliations'>,
): Promise<{ cursor: string | null; checked: number }> {
  const id = reconciliation.reconciliationId;
  const page = await deps.reconciliations.listHrExport(id, { limit, cursor });
  const [people, sightings] = await Promise.all([
    deps.people.getProfiles(page.items.map((row) => row.employeeId)),
    deps.reconciliations.getHrSightings(
      id,
      page.items.map((row) => row.email),
    ),
  ]);
  const now = deps.clock.now().toISOString();
  const at = { readAt: now, today: now.slice(0, 10) };
  const readIdp = idpReader(deps.idp);
  const findings = await Promise.all(
    page.items.map(async (row) => {
      const person = people.get(row.employeeId) ?? null;
      const idpUser = needsHrIdpReading(row, person, at.today) ? await readIdp(row.email) : undefined;
      return hrRowFindings(row, person, sightings.get(row.email) ?? null, idpUser, at);
    }),
  );
  await deps.reconciliations.addFindings(
    id,
    findings.flat(),
    findingBatch('hr-export', page.items[0]?.email),
  );
  return { cursor: page.nextCursor, checked: page.items.length };
}

/**
 * HR's truth (pure): the findings of one row of the HR export an admin gave a reconciliation, from
 * what Trello showed of that email (the HR sightings), Lanyard's record of the person, and the IdP.
 * 1. HR counts them gone (status terminated, or their termination date has come) and Trello still
 *    licenses them or has not deactivated them → `leaver-in-trello`, offboard.
 * 2. HR counts them gone and the IdP lets them sign in → `leaver-can-sign-in`, offboard.
 * 3. HR counts them employed (active, hired by today) and no licensed member has their email →
 *    `hire-not-provisioned`, onboard. Not while Lanyard is onboarding or offboarding them (the run
 *    in flight decides) or its record has them on leave; and when Lanyard offboarded them, the fix
 *    is none: giving a leaver's access back is a person's call, never a reconciliation's.
 * Subjects are the employee id, so the people side's finding of the same drift is the same one.
 */
import type { PersonProfile } from '../../ports/records/people.ts';
import type { HrExportRow, HrSighting, ReconciliationFinding } from '../../ports/records/reconciliations.ts';
import { canSignIn, driftFinding, type IdpReading } from './classify-drift.ts';

/** Whether HR counts the person gone on `today` (YYYY-MM-DD). */
export function hrSaysGone(row: HrExportRow, today: string): boolean {
  return row.status === 'terminated' || (row.terminationDate !== null && row.terminationDate <= today);
}

/** Whether HR expects the person to hold a seat on `today`. */
export function hrExpectsSeat(row: HrExportRow, today: string): boolean {
  return (
    !hrSaysGone(row, today) && row.status === 'active' && (row.hireDate === null || row.hireDate <= today)
  );
}

/** Whether to ask the IdP about this row: HR's leavers, unless the people side asks already (Lanyard's leavers). */
export function needsHrIdpReading(row: HrExportRow, person: PersonProfile | null, today: string): boolean {
  return hrSaysGone(row, today) && person?.lifecycle !== 'offboarded';
}

export function hrRowFindings(
  row: HrExportRow,
  person: PersonProfile | null,
  sighting: HrSighting | null,
  idpUser: IdpReading,
  at: { readAt: string; today: string },
): ReconciliationFinding[] {
  const seen = { person, idpUser, hr: row, trelloSays: sightingText(sighting), readAt: at.readAt };
  const inFlight =
    person?.lifecycle === 'onboarding' ||
    person?.lifecycle === 'awaiting-first-login' ||
    person?.lifecycle === 'offboarding';
  const withMember = (finding: ReconciliationFinding) => ({
    ...finding,
    memberId: sighting?.memberId ?? finding.memberId,
  });
  if (hrSaysGone(row, at.today)) {
    if (person?.lifecycle === 'offboarding') return [];
    const found: ReconciliationFinding[] = [];
    if (sighting && (sighting.licensed || !sighting.deactivated))
      found.push(withMember(driftFinding('leaver-in-trello', 'offboard', seen)));
    if (canSignIn(idpUser)) found.push(withMember(driftFinding('leaver-can-sign-in', 'offboard', seen)));
    return found;
  }
  if (!hrExpectsSeat(row, at.today) || inFlight || person?.onLeave || sighting?.licensed === true) return [];
  const fix = person?.lifecycle === 'offboarded' ? 'none' : 'onboard';
  return [withMember(driftFinding('hire-not-provisioned', fix, seen))];
}

function sightingText(sighting: HrSighting | null): string {
  if (sighting === null)
    return "no member with this email on the Enterprise's licensed or deactivated members";
  return `member ${sighting.memberId}: ${sighting.licensed ? 'licensed' : 'not licensed'}, ${sighting.deactivated ? 'deactivated' : 'not deactivated'}`;
}

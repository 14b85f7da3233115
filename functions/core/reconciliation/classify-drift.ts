/**
 * Drift classification (pure): what Lanyard's people records, Trello's members query and the
 * identity provider each say about one person or member, and which findings that makes, each with
 * its evidence and the fix that would close it.
 *
 * From the Trello side (each member on the licensed and deactivated pages):
 * 1. A leaver (record offboarded) still licensed or not deactivated → `leaver-in-trello`, offboard.
 * 2. A member both licensed and deactivated → `deactivated-holding-seat`, reclaim the seat.
 * 3. A licensed member no record knows — with an HR export, whose email the export does not list —
 *    → `unknown-licensed`, reclaim the seat (an Enterprise admin is reported but never reclaimed
 *    by Lanyard: a person must look).
 * 4. A deactivated member the IdP still lets sign in (Trello's deactivation does not stop SSO,
 *    DESIGN.md) whom no record knows as an employee → `deactivated-can-sign-in`: offboard when a
 *    record knows them (never provisioned), else a person must suspend them in the IdP or send
 *    HR's termination. A leaver among them is found from the people side instead (5).
 * From the people side (every person of Lanyard's records, a page at a time):
 * 5. A leaver the IdP still lets sign in → `leaver-can-sign-in`, offboard (again: it cuts the IdP).
 * 6. A hire (record active, not on leave) not licensed on the Trello pages → `hire-not-provisioned`,
 *    onboard.
 * With an HR export, its rows are judged too (classify-hr-drift.ts), into the same kinds.
 */
import type { IdpUser } from '../../ports/identity-provider.ts';
import type { PersonProfile } from '../../ports/records/people.ts';
import type {
  HrExportRow,
  ReconciliationFinding,
  ReconciliationSighting,
} from '../../ports/records/reconciliations.ts';
import type { EnterpriseMember } from '../../ports/trello-admin.ts';
import type { FindingFix, FindingKind } from '../model/reconciliation-vocabulary.ts';

/** What the IdP answered for an email: the user, none (`null`), or not asked (`undefined`). */
export type IdpReading = IdpUser | null | undefined;

/** What the HR export says of a member's email: their row, not listed (`null`), or no export (`undefined`). */
export type HrReading = HrExportRow | null | undefined;

/** The findings of one Trello member (from the licensed or the deactivated pages). */
export function memberFindings(
  member: EnterpriseMember,
  person: PersonProfile | null,
  idpUser: IdpReading,
  readAt: string,
  hr: HrReading = undefined,
): ReconciliationFinding[] {
  const found: ReconciliationFinding[] = [];
  const add = (kind: FindingKind, fix: FindingFix) =>
    found.push(driftFinding(kind, fix, { person, member, idpUser, hr, readAt }));
  if (person?.lifecycle === 'offboarded' && (member.licensed || !member.deactivated))
    add('leaver-in-trello', 'offboard');
  if (member.licensed && member.deactivated) add('deactivated-holding-seat', 'reclaim');
  // With an HR export, HR's truth decides who HR knows; without one, Lanyard's records stand for it.
  const unknownToHr = hr === undefined ? person === null : hr === null;
  if (unknownToHr && member.licensed && !member.deactivated)
    add('unknown-licensed', member.enterpriseAdmin ? 'none' : 'reclaim');
  if (member.deactivated && signInUnexpected(person) && canSignIn(idpUser))
    add('deactivated-can-sign-in', person === null ? 'none' : 'offboard');
  return found;
}

/** The findings of one person of Lanyard's records (leavers and hires; others have none). */
export function personFindings(
  person: PersonProfile,
  sighting: ReconciliationSighting | null,
  idpUser: IdpReading,
  readAt: string,
): ReconciliationFinding[] {
  if (person.lifecycle === 'offboarded' && canSignIn(idpUser))
    return [driftFinding('leaver-can-sign-in', 'offboard', { person, sighting, idpUser, readAt })];
  if (person.lifecycle === 'active' && !person.onLeave && sighting?.licensed !== true)
    return [driftFinding('hire-not-provisioned', 'onboard', { person, sighting, idpUser, readAt })];
  return [];
}

/** Which people the people side asks the IdP about (leavers only: a hire's sign-in is no drift). */
export function needsIdpReading(person: PersonProfile): boolean {
  return person.lifecycle === 'offboarded';
}

/** Whether a Trello member's row needs the IdP read (deactivated members whom no leaver record covers). */
export function memberNeedsIdpReading(member: EnterpriseMember, person: PersonProfile | null): boolean {
  return member.deactivated && member.email !== null && signInUnexpected(person);
}

/**
 * Whether a deactivated member's working sign-in is drift: nobody knows them, or their record
 * says they were never given access. An employee's sign-in is expected (a hire without a seat is
 * the hire finding; one on leave may be deactivated by the `free-seat` policy), an offboarding in
 * flight is still cutting it, and a leaver is found from the people side.
 */
function signInUnexpected(person: PersonProfile | null): boolean {
  return person === null || person.lifecycle === 'not-provisioned';
}

export function canSignIn(user: IdpReading): user is IdpUser {
  return user?.active === true;
}

/**
 * One finding with what each side said. Its subject is the person (their employee id: Lanyard's,
 * else the HR export's), else the Trello member, so the same drift found from two sides is one
 * finding (written once).
 */
export function driftFinding(
  kind: FindingKind,
  fix: FindingFix,
  seen: {
    person: PersonProfile | null;
    member?: EnterpriseMember;
    sighting?: ReconciliationSighting | null;
    idpUser: IdpReading;
    hr?: HrReading;
    /** What Trello said, when the caller words it (the HR side's sightings). */
    trelloSays?: string;
    readAt: string;
  },
): ReconciliationFinding {
  const { person, member, sighting, idpUser } = seen;
  const row = seen.hr ?? null;
  const memberId = member?.memberId ?? sighting?.memberId ?? person?.trelloMemberId ?? null;
  const employeeId = person?.employeeId ?? (member ? null : row?.employeeId) ?? null;
  const subject = employeeId ?? `member-${memberId}`;
  return {
    findingId: `${kind}:${subject}`,
    kind,
    employeeId,
    memberId,
    email: person?.email ?? member?.email ?? row?.email ?? null,
    fullName: person?.fullName ?? member?.fullName ?? row?.fullName ?? null,
    evidence: {
      lanyardSays: recordText(person),
      trelloSays: seen.trelloSays ?? (member ? memberText(member) : sightingText(sighting ?? null, person)),
      idpSays: idpText(idpUser),
      hrSays: hrText(seen.hr),
      readAt: seen.readAt,
    },
    fix,
    state: fix === 'none' ? 'no-fix' : 'open',
    result: null,
  };
}

function recordText(person: PersonProfile | null): string {
  if (person === null) return 'no people record (HR does not know this member)';
  const last = person.lastEvent
    ? `; last HR event ${person.lastEvent.type} effective ${person.lastEvent.effectiveAt}`
    : '';
  return `${person.employeeId}: lifecycle ${person.lifecycle}, Trello member ${person.trelloMemberId ?? 'none'}${last}`;
}

function memberText(member: EnterpriseMember): string {
  const flags = [
    member.licensed ? 'licensed' : 'not licensed',
    member.deactivated ? 'deactivated' : 'not deactivated',
    ...(member.enterpriseAdmin ? ['Enterprise admin'] : []),
  ];
  return `member ${member.memberId}: ${flags.join(', ')}; last active ${member.lastActiveAt ?? 'never'}`;
}

function sightingText(sighting: ReconciliationSighting | null, person: PersonProfile | null): string {
  if (sighting === null)
    return `not on the Enterprise's licensed or deactivated members${person?.trelloMemberId ? ` (member ${person.trelloMemberId})` : ''}`;
  return `member ${sighting.memberId}: ${sighting.licensed ? 'licensed' : 'not licensed'}, ${sighting.deactivated ? 'deactivated' : 'not deactivated'}`;
}

function idpText(user: IdpReading): string | null {
  if (user === undefined) return null;
  if (user === null) return 'no such user';
  return `user ${user.id} ${user.status}: ${user.active ? 'can sign in' : 'cannot sign in'}`;
}

function hrText(hr: HrReading): string | null {
  if (hr === undefined) return null;
  if (hr === null) return 'not in the HR export';
  const dates = [
    ...(hr.hireDate ? [`hired ${hr.hireDate}`] : []),
    ...(hr.terminationDate ? [`termination date ${hr.terminationDate}`] : []),
  ];
  return `line ${hr.line}: ${hr.employeeId} ${hr.status}${dates.length > 0 ? `, ${dates.join(', ')}` : ''}`;
}

/**
 * Key layout of the records table (DESIGN.md "Records"): one table with generic `pk`/`sk` and one
 * GSI (`gsi1`) for "everything with this status, newest first". The CDK construct
 * (infra/constructs/record-table.ts) and the local servers build the table from RECORD_TABLE_KEYS.
 *
 * | pk                  | sk                          | what                                             |
 * |---------------------|-----------------------------|--------------------------------------------------|
 * | PERSON#<employeeId> | PROFILE                     | profile, optimistic `version`; gsi1 PEOPLE / <employeeId> |
 * | PERSON#<employeeId> | EVENT#<effectiveAt>#<evtId> | HR event history                                 |
 * | PERSON#<employeeId> | RUN#<startedAt>#<runId>     | pointer to each run of the person                |
 * | HREVENT#<eventId>   | HREVENT                     | ingestion de-duplication marker (TTL)            |
 * | RUN#<runId>         | RUN                         | run; gsi1 RUNSTATUS#<status> / <startedAt>#<id>  |
 * | RUN#<runId>         | AUDITCHANGE#<sha256>        | one audited change of the run: its attempts (mutable) |
 * | AUDIT#<yyyy-mm-dd>  | SEQ#<seq, 12 digits>        | audit entry, the day's hash chain (append-only)  |
 * | AUDIT#<yyyy-mm-dd>  | HEAD                        | the chain's last appended seq and hash (put-only) |
 * | AUDIT#DAYS          | <yyyy-mm-dd>                | "this day has audit entries" (listing index)     |
 * | APPROVAL#<id>       | APPROVAL                    | approval; gsi1 APPROVALSTATUS#<status> / <createdAt>#<id> |
 * | RECON#<id>          | RECON                       | drift reconciliation                             |
 * | RECON#<id>          | FINDING#<kind>:<subject>    | one finding with its evidence (written once)     |
 * | RECON#<id>          | FCOUNT#<batch>              | the findings a page wrote first, by kind and state |
 * | RECON#<id>          | FMOVED#<kind>:<subject>     | a finding's state since it left the one it had when found |
 * | RECON#<id>          | SEEN#<employeeId>           | a known person seen on the Trello pages          |
 * | RECON#<id>          | HRROW#<email>               | one row of the HR export it was given            |
 * | RECON#<id>          | HRSEEN#<email>              | a member of the Trello pages the HR export lists |
 */
import { createHash } from 'node:crypto';

export const RECORD_TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /**
   * DynamoDB TTL deletes items whose `expiresAt` is a Number of epoch seconds in the past. Only
   * HR-event markers store a number there; approvals keep an ISO string under the same name,
   * which TTL ignores, so a decided or expired approval stays on record.
   */
  ttlAttribute: 'expiresAt',
} as const;

export interface ItemKey {
  pk: string;
  sk: string;
}

export interface Gsi1Key {
  gsi1pk: string;
  gsi1sk: string;
}

export const PERSON_RUN_PREFIX = 'RUN#';
export const PEOPLE_DIRECTORY_PARTITION = 'PEOPLE';
export const HR_ROW_PREFIX = 'HRROW#';
export const FINDING_COUNT_PREFIX = 'FCOUNT#';
export const FINDING_MOVE_PREFIX = 'FMOVED#';
export const AUDIT_CHANGE_PREFIX = 'AUDITCHANGE#';
/**
 * Every audit item (entries, chain heads, day markers) has a partition key starting with this:
 * the IAM deny on updates and deletes (infra/constructs/audit-append-only.ts) matches it.
 */
export const AUDIT_PARTITION_PREFIX = 'AUDIT#';
export const AUDIT_DAYS_PARTITION = `${AUDIT_PARTITION_PREFIX}DAYS`;
export const AUDIT_SEQ_PREFIX = 'SEQ#';
/** Sequence numbers are zero-padded so the sort key orders them numerically. */
export const AUDIT_SEQ_DIGITS = 12;

export const Keys = {
  profile: (employeeId: string): ItemKey => ({ pk: `PERSON#${employeeId}`, sk: 'PROFILE' }),
  personEvent: (employeeId: string, effectiveAt: string, eventId: string): ItemKey => ({
    pk: `PERSON#${employeeId}`,
    sk: `EVENT#${effectiveAt}#${eventId}`,
  }),
  /** The partition holding a person's run pointers (listRuns by employee). */
  personRuns: (employeeId: string): string => `PERSON#${employeeId}`,
  personRun: (employeeId: string, startedAt: string, runId: string): ItemKey => ({
    pk: `PERSON#${employeeId}`,
    sk: `${PERSON_RUN_PREFIX}${startedAt}#${runId}`,
  }),
  /**
   * Every profile's place in the people directory (gsi1, one partition in employee-id order), so
   * a reconciliation pages every person Lanyard has, with or without a run, never by a Scan.
   * Written with the profile itself (same item), so no crash can leave a person out.
   */
  peopleDirectory: (employeeId: string): Gsi1Key => ({
    gsi1pk: PEOPLE_DIRECTORY_PARTITION,
    gsi1sk: employeeId,
  }),
  hrEvent: (eventId: string): ItemKey => ({ pk: `HREVENT#${eventId}`, sk: 'HREVENT' }),
  run: (runId: string): ItemKey => ({ pk: `RUN#${runId}`, sk: 'RUN' }),
  runStatusPartition: (status: string): string => `RUNSTATUS#${status}`,
  runStatus: (status: string, startedAt: string, runId: string): Gsi1Key => ({
    gsi1pk: Keys.runStatusPartition(status),
    gsi1sk: `${startedAt}#${runId}`,
  }),
  /** The audit entry at place `seq` of the day's chain. */
  auditEntry: (day: string, seq: number): ItemKey => ({ pk: Keys.auditDay(day), sk: auditSeqKey(seq) }),
  auditDay: (day: string): string => `${AUDIT_PARTITION_PREFIX}${day}`,
  /** The day chain's head: the last seq and hash appended, so a truncated tail shows. */
  auditHead: (day: string): ItemKey => ({ pk: Keys.auditDay(day), sk: 'HEAD' }),
  /** One small item per day that has audit entries, so a listing skips empty days in one query. */
  auditDayMarker: (day: string): ItemKey => ({ pk: AUDIT_DAYS_PARTITION, sk: day }),
  /**
   * One audited change of one run: its attempt number and where its entries are, so a re-run
   * finds the attempt instead of beginning another. It lives in the run's partition (runAudit()
   * is one query) and is not an audit entry: it changes as attempts go.
   */
  auditChange: (runId: string, actionKey: string): ItemKey => ({
    pk: `RUN#${runId}`,
    sk: `${AUDIT_CHANGE_PREFIX}${createHash('sha256').update(`${runId}|${actionKey}`).digest('hex')}`,
  }),
  approval: (id: string): ItemKey => ({ pk: `APPROVAL#${id}`, sk: 'APPROVAL' }),
  /** Points from a Trello member id to the person (the sweep's exemptions need it). */
  memberPerson: (memberId: string): ItemKey => ({ pk: `TRELLOMEMBER#${memberId}`, sk: 'PERSON' }),
  sweep: (sweepId: string): ItemKey => ({ pk: `SWEEP#${sweepId}`, sk: 'SWEEP' }),
  notification: (at: string, id: string): ItemKey => ({ pk: 'NOTIFICATIONS', sk: `${at}#${id}` }),
  seatReading: (day: string): ItemKey => ({ pk: 'SEATS', sk: day }),
  sweepMember: (sweepId: string, memberId: string): ItemKey => ({
    pk: `SWEEP#${sweepId}`,
    sk: `MEMBER#${memberId}`,
  }),
  /** An ask-first sweep's question to one idle member ("keep your seat?"). */
  keepAsk: (sweepId: string, memberId: string): ItemKey => ({
    pk: `SWEEP#${sweepId}`,
    sk: `KEEPASK#${memberId}`,
  }),
  reconciliation: (id: string): ItemKey => ({ pk: `RECON#${id}`, sk: 'RECON' }),
  finding: (id: string, findingId: string): ItemKey => ({ pk: `RECON#${id}`, sk: `FINDING#${findingId}` }),
  findingCount: (id: string, batch: string): ItemKey => ({
    pk: `RECON#${id}`,
    sk: `${FINDING_COUNT_PREFIX}${batch}`,
  }),
  findingMove: (id: string, findingId: string): ItemKey => ({
    pk: `RECON#${id}`,
    sk: `${FINDING_MOVE_PREFIX}${findingId}`,
  }),
  sighting: (id: string, employeeId: string): ItemKey => ({ pk: `RECON#${id}`, sk: `SEEN#${employeeId}` }),
  hrExportRow: (id: string, email: string): ItemKey => ({
    pk: `RECON#${id}`,
    sk: `${HR_ROW_PREFIX}${email}`,
  }),
  hrSighting: (id: string, email: string): ItemKey => ({ pk: `RECON#${id}`, sk: `HRSEEN#${email}` }),
  approvalStatusPartition: (status: string): string => `APPROVALSTATUS#${status}`,
  approvalStatus: (status: string, createdAt: string, id: string): Gsi1Key => ({
    gsi1pk: Keys.approvalStatusPartition(status),
    gsi1sk: `${createdAt}#${id}`,
  }),
};

export function auditSeqKey(seq: number): string {
  return `${AUDIT_SEQ_PREFIX}${String(seq).padStart(AUDIT_SEQ_DIGITS, '0')}`;
}

/** The UTC day (`yyyy-mm-dd`) of a canonical instant. */
export function dayOf(canonicalAt: string): string {
  return canonicalAt.slice(0, 10);
}

/**
 * Times that sort or partition records (audit `at`, run start, approval creation and expiry,
 * listing bounds) are kept in one form, `Date.toISOString()` (UTC, milliseconds), because
 * DynamoDB compares them as strings: `…:00Z` sorts after `…:00.500Z`, and `+02:00` would put an
 * entry in the wrong day.
 */
export function canonicalInstant(value: string, what: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new Error(
      `${what} must be an ISO-8601 time such as 2026-12-01T09:00:00.000Z; got ${JSON.stringify(value)}`,
    );
  }
  return new Date(ms).toISOString();
}

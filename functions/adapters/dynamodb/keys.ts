/**
 * Key layout of the records table (DESIGN.md "Records"). One table, generic `pk`/`sk`, one GSI
 * for "everything with this status, newest first".
 */
import { createHash } from 'node:crypto';

export const RECORD_TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ttlAttribute: 'expiresAt',
} as const;

export const Keys = {
  profile: (employeeId: string) => ({ pk: `PERSON#${employeeId}`, sk: 'PROFILE' }),
  personEvent: (employeeId: string, effectiveAt: string, eventId: string) => ({
    pk: `PERSON#${employeeId}`,
    sk: `EVENT#${effectiveAt}#${eventId}`,
  }),
  /** A pointer from the person to each of their runs, for "runs of this person, newest first". */
  personRun: (employeeId: string, startedAt: string, runId: string) => ({
    pk: `PERSON#${employeeId}`,
    sk: `RUN#${startedAt}#${runId}`,
  }),
  hrEvent: (eventId: string) => ({ pk: `HREVENT#${eventId}`, sk: 'HREVENT' }),
  run: (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' }),
  runStatus: (status: string, startedAt: string, runId: string) => ({
    gsi1pk: `RUNSTATUS#${status}`,
    gsi1sk: `${startedAt}#${runId}`,
  }),
  audit: (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 10)}`, sk: `${at}#${id}` }),
  /**
   * Reserves the audit entry of one change of one run, so a re-run finds it instead of adding one.
   * It lives in the run's partition: the run's changes are one query away.
   */
  auditReservation: (runId: string, actionKey: string) => ({
    pk: `RUN#${runId}`,
    sk: `AUDITKEY#${createHash('sha256').update(`${runId}|${actionKey}`).digest('hex')}`,
  }),
  approval: (id: string) => ({ pk: `APPROVAL#${id}`, sk: 'APPROVAL' }),
  approvalStatus: (status: string, createdAt: string, id: string) => ({
    gsi1pk: `APPROVALSTATUS#${status}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
};

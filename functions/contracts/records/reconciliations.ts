/**
 * Drift reconciliations, their findings with evidence, the people they saw on Trello's pages and
 * the HR export they compare against: the single source of their shapes.
 */
import * as z from 'zod';
import { HrEmploymentStatuses } from '../../core/model/hr-employment-statuses.ts';
import {
  FindingFixes,
  FindingKinds,
  FindingStates,
  ReconciliationModes,
  ReconciliationStatuses,
} from '../../core/model/reconciliation-vocabulary.ts';
import { Instant } from './instant.ts';

export const ReconciliationRecord = z.object({
  reconciliationId: z.string(),
  mode: z.enum(ReconciliationModes),
  requestedBy: z.string(),
  status: z.enum(ReconciliationStatuses),
  startedAt: Instant,
  finishedAt: Instant.nullable(),
  /** Seats in use when it began (the mass-change guard's share is taken of them). */
  seatsBefore: z.number().nullable(),
  /** Rows of the HR export an admin gave it as HR's truth (stored under it); null: none given. */
  hrExportRows: z.number().int().nullable(),
});
export type ReconciliationRecord = z.infer<typeof ReconciliationRecord>;

/** One person of an HR export, as a reconciliation compares Trello and the IdP against it. */
export const HrExportRow = z.object({
  /** Line in the uploaded file (the header is line 1), named in the evidence. */
  line: z.number().int(),
  employeeId: z.string(),
  /** Lower case: Trello's members and the export are matched on it. */
  email: z.string(),
  fullName: z.string().nullable(),
  department: z.string().nullable(),
  status: z.enum(HrEmploymentStatuses),
  /** YYYY-MM-DD; from this day HR counts them gone, whatever `status` says. */
  terminationDate: z.string().nullable(),
  /** YYYY-MM-DD; before this day HR expects no seat. */
  hireDate: z.string().nullable(),
});
export type HrExportRow = z.infer<typeof HrExportRow>;

/** A member of the Trello pages whose email is on the reconciliation's HR export. */
export const HrSighting = z.object({
  email: z.string(),
  memberId: z.string(),
  licensed: z.boolean(),
  deactivated: z.boolean(),
});
export type HrSighting = z.infer<typeof HrSighting>;

/** What each side said when the reconciliation read it; null when that side was not read. */
export const FindingEvidence = z.object({
  /** Lanyard's people record, e.g. "lifecycle offboarded (last event employee.terminated at …)". */
  lanyardSays: z.string().nullable(),
  /** Trello's members query, e.g. "licensed, not deactivated, last active 2026-10-02". */
  trelloSays: z.string().nullable(),
  /** The identity provider, e.g. "okta user 00u1 ACTIVE: can sign in". */
  idpSays: z.string().nullable(),
  /** The HR export the reconciliation was given, e.g. "line 12: E1001 terminated 2026-11-30"; null without one. */
  hrSays: z.string().nullable(),
  /** When the sides were read. */
  readAt: Instant,
});
export type FindingEvidence = z.infer<typeof FindingEvidence>;

export const ReconciliationFinding = z.object({
  /** `<kind>:<subject>`: the same drift found again in one reconciliation is the same finding. */
  findingId: z.string(),
  kind: z.enum(FindingKinds),
  employeeId: z.string().nullable(),
  memberId: z.string().nullable(),
  email: z.string().nullable(),
  fullName: z.string().nullable(),
  evidence: FindingEvidence,
  fix: z.enum(FindingFixes),
  state: z.enum(FindingStates),
  /** What the fix did (the run it started, the reclaim's read-back) or why it failed; null before. */
  result: z.string().nullable(),
});
export type ReconciliationFinding = z.infer<typeof ReconciliationFinding>;

/** A person of Lanyard's records seen on the reconciliation's Trello pages (the hire check reads it). */
export const ReconciliationSighting = z.object({
  employeeId: z.string(),
  memberId: z.string(),
  licensed: z.boolean(),
  deactivated: z.boolean(),
});
export type ReconciliationSighting = z.infer<typeof ReconciliationSighting>;

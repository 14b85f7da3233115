/**
 * Drift reconciliations: each run's findings with their evidence, the people it saw on Trello's
 * pages, and the HR export it was given to compare against.
 */
import type { HrEmploymentStatus } from '../../core/model/hr-employment-statuses.ts';
import type {
  FindingFix,
  FindingKind,
  FindingState,
  ReconciliationMode,
  ReconciliationStatus,
} from '../../core/model/reconciliation-vocabulary.ts';
import type { Page } from './page.ts';

export interface ReconciliationRecord {
  reconciliationId: string;
  mode: ReconciliationMode;
  requestedBy: string;
  status: ReconciliationStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Seats in use when it began (the mass-change guard's share is taken of them). */
  seatsBefore: number | null;
  /** Rows of the HR export an admin gave it as HR's truth (stored under it); null: none given. */
  hrExportRows: number | null;
}

/** One person of an HR export, as a reconciliation compares Trello and the IdP against it. */
export interface HrExportRow {
  /** Line in the uploaded file (the header is line 1), named in the evidence. */
  line: number;
  employeeId: string;
  /** Lower case: Trello's members and the export are matched on it. */
  email: string;
  fullName: string | null;
  department: string | null;
  status: HrEmploymentStatus;
  /** YYYY-MM-DD; from this day HR counts them gone, whatever `status` says. */
  terminationDate: string | null;
  /** YYYY-MM-DD; before this day HR expects no seat. */
  hireDate: string | null;
}

/** A member of the Trello pages whose email is on the reconciliation's HR export. */
export interface HrSighting {
  email: string;
  memberId: string;
  licensed: boolean;
  deactivated: boolean;
}

/** What each side said when the reconciliation read it; null when that side was not read. */
export interface FindingEvidence {
  /** Lanyard's people record, e.g. "lifecycle offboarded (last event employee.terminated at …)". */
  lanyardSays: string | null;
  /** Trello's members query, e.g. "licensed, not deactivated, last active 2026-10-02". */
  trelloSays: string | null;
  /** The identity provider, e.g. "okta user 00u1 ACTIVE: can sign in". */
  idpSays: string | null;
  /** The HR export the reconciliation was given, e.g. "line 12: E1001 terminated 2026-11-30"; null without one. */
  hrSays: string | null;
  /** When the sides were read (ISO instant). */
  readAt: string;
}

export interface ReconciliationFinding {
  /** `<kind>:<subject>`: the same drift found again in one reconciliation is the same finding. */
  findingId: string;
  kind: FindingKind;
  employeeId: string | null;
  memberId: string | null;
  email: string | null;
  fullName: string | null;
  evidence: FindingEvidence;
  fix: FindingFix;
  state: FindingState;
  /** What the fix did (the run it started, the reclaim's read-back) or why it failed; null before. */
  result: string | null;
}

/** A person of Lanyard's records seen on the reconciliation's Trello pages (the hire check reads it). */
export interface ReconciliationSighting {
  employeeId: string;
  memberId: string;
  licensed: boolean;
  deactivated: boolean;
}

/** A reconciliation's findings counted by kind and by state (what admins see, and the run's summary). */
export interface FindingCounts {
  byKind: Record<FindingKind, number>;
  byState: Record<FindingState, number>;
}

export interface Reconciliations {
  /** Creates the reconciliation unless it exists; either way returns the stored one. */
  createReconciliation(
    reconciliation: ReconciliationRecord,
  ): Promise<{ created: boolean; reconciliation: ReconciliationRecord }>;
  getReconciliation(reconciliationId: string): Promise<ReconciliationRecord | null>;
  updateReconciliation(
    reconciliationId: string,
    change: Partial<Pick<ReconciliationRecord, 'status' | 'finishedAt'>>,
  ): Promise<ReconciliationRecord>;
  /**
   * Records findings once each (evidence is never rewritten): a re-read never undoes a fix or a
   * drop. `batch` names the page that found them, the same on every try of that page (e.g.
   * `licensed:<first member id>`): a finding counts once, for the first batch that wrote it, however
   * often that batch is tried again and whichever later batch finds it again.
   */
  addFindings(reconciliationId: string, findings: ReconciliationFinding[], batch: string): Promise<void>;
  /** Moves a finding to `state` only from one of `from`; false when it was elsewhere (nothing changed). */
  setFindingState(
    reconciliationId: string,
    findingId: string,
    change: { state: FindingState; result: string },
    from: readonly FindingState[],
  ): Promise<boolean>;
  /** The findings counted by kind and by state as they are now, without reading every finding. */
  countFindings(reconciliationId: string): Promise<FindingCounts>;
  listFindings(
    reconciliationId: string,
    filter: { state?: FindingState; limit?: number; cursor?: string | null },
  ): Promise<Page<ReconciliationFinding>>;
  /** Notes the people seen on a Trello page (once each; a later page does not rewrite them). */
  addSightings(reconciliationId: string, sightings: ReconciliationSighting[]): Promise<void>;
  /** The sightings of these people, keyed by employee id (absent: not seen in Trello). */
  getSightings(
    reconciliationId: string,
    employeeIds: readonly string[],
  ): Promise<Map<string, ReconciliationSighting>>;
  /** Stores the HR export a reconciliation compares against (before it starts; rows by email). */
  putHrExport(reconciliationId: string, rows: readonly HrExportRow[]): Promise<void>;
  /** The HR export's rows, a page at a time (in email order). */
  listHrExport(
    reconciliationId: string,
    filter: { limit?: number; cursor?: string | null },
  ): Promise<Page<HrExportRow>>;
  /** The HR export's rows for these emails (lower case), keyed by email (absent: HR does not list them). */
  getHrExportRows(reconciliationId: string, emails: readonly string[]): Promise<Map<string, HrExportRow>>;
  /** Notes the members of a Trello page the HR export lists (once each). */
  addHrSightings(reconciliationId: string, sightings: HrSighting[]): Promise<void>;
  /** The HR sightings of these emails, keyed by email (absent: not seen in Trello). */
  getHrSightings(reconciliationId: string, emails: readonly string[]): Promise<Map<string, HrSighting>>;
}

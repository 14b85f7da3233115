/**
 * Drift reconciliations: each run's findings with their evidence, the people it saw on Trello's
 * pages, and the HR export it was given to compare against.
 */
import type {
  FindingEvidence,
  HrExportRow,
  HrSighting,
  ReconciliationFinding,
  ReconciliationRecord,
  ReconciliationSighting,
} from '../../contracts/records/reconciliations.ts';
import type { FindingKind, FindingState } from '../../core/model/reconciliation-vocabulary.ts';
import type { Page } from './page.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type {
  FindingEvidence,
  HrExportRow,
  HrSighting,
  ReconciliationFinding,
  ReconciliationRecord,
  ReconciliationSighting,
};

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

/**
 * RecordStore on one DynamoDB table (DESIGN.md "Records"; layout in keys.ts). Single-item
 * conditional writes only: the local server (dynalite) has no transactions, and nothing here
 * needs them — every multi-item change is ordered so a crash between two writes is repaired by
 * the re-run (DESIGN.md "Properties every part keeps"). Every item read is parsed with zod.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AccessCut,
  AppliedEvent,
  ApprovalRecord,
  ApprovalStatus,
  AuditEntry,
  AuditOutcome,
  AuditRef,
  AuditVerification,
  CutProgress,
  FindingState,
  HrEventClaim,
  HrEventClaimRequest,
  HrExportRow,
  HrSighting,
  KeepAsk,
  Page,
  PersonEvent,
  PersonProfile,
  ReconciliationFinding,
  ReconciliationRecord,
  ReconciliationSighting,
  RecordStore,
  RunRecord,
  RunRestart,
  RunStatus,
  RunStep,
  SeatReading,
  StoredAuditEntry,
  StoredNotification,
  SweepMember,
  SweepMemberState,
  SweepRecord,
} from '../../ports/record-store.ts';
import { type ApprovalDecision, ApprovalRecords } from './approval-records.ts';
import { AuditRecords } from './audit-records.ts';
import { InboxRecords } from './inbox-records.ts';
import { pageSize } from './page-cursor.ts';
import { PersonRecords } from './person-records.ts';
import { ReconciliationRecords } from './reconciliation-records.ts';
import { RecordTable } from './record-table.ts';
import { type RunEnd, RunRecords } from './run-records.ts';
import { SweepRecords } from './sweep-records.ts';

export interface DynamoDbRecordStoreOptions {
  /** Built with `marshallOptions: { removeUndefinedValues: true }`. */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** What "now" is for expiries (approvals, HR-event markers). @default () => new Date() */
  now?: () => Date;
}

export class DynamoDbRecordStore implements RecordStore {
  private readonly people: PersonRecords;
  private readonly runs: RunRecords;
  private readonly audit: AuditRecords;
  private readonly approvals: ApprovalRecords;
  private readonly sweeps: SweepRecords;
  private readonly inbox: InboxRecords;
  private readonly reconciliations: ReconciliationRecords;

  constructor(options: DynamoDbRecordStoreOptions) {
    const table = new RecordTable(options.client, options.tableName);
    const now = options.now ?? (() => new Date());
    this.people = new PersonRecords(table, now);
    this.runs = new RunRecords(table);
    this.audit = new AuditRecords(table, now);
    this.approvals = new ApprovalRecords(table, now);
    this.sweeps = new SweepRecords(table);
    this.inbox = new InboxRecords(table);
    this.reconciliations = new ReconciliationRecords(table);
  }

  putNotification(notification: StoredNotification): Promise<void> {
    return this.inbox.putNotification(notification);
  }

  listNotifications(filter: { limit?: number; cursor?: string | null }): Promise<Page<StoredNotification>> {
    return this.inbox.listNotifications(filter);
  }

  recordSeatReading(reading: SeatReading): Promise<void> {
    return this.inbox.recordSeatReading(reading);
  }

  listSeatReadings(sinceDay: string): Promise<SeatReading[]> {
    return this.inbox.listSeatReadings(sinceDay);
  }

  findPeopleByMemberIds(memberIds: readonly string[]): Promise<Map<string, PersonProfile>> {
    return this.people.findPeopleByMemberIds(memberIds);
  }

  createReconciliation(
    reconciliation: ReconciliationRecord,
  ): Promise<{ created: boolean; reconciliation: ReconciliationRecord }> {
    return this.reconciliations.createReconciliation(reconciliation);
  }

  getReconciliation(id: string): Promise<ReconciliationRecord | null> {
    return this.reconciliations.getReconciliation(id);
  }

  updateReconciliation(id: string, change: Partial<ReconciliationRecord>): Promise<ReconciliationRecord> {
    return this.reconciliations.updateReconciliation(id, change);
  }

  addFindings(id: string, findings: ReconciliationFinding[]): Promise<void> {
    return this.reconciliations.addFindings(id, findings);
  }

  setFindingState(
    id: string,
    findingId: string,
    change: { state: FindingState; result: string },
    from: readonly FindingState[],
  ): Promise<boolean> {
    return this.reconciliations.setFindingState(id, findingId, change, from);
  }

  listFindings(
    id: string,
    filter: { state?: FindingState; limit?: number; cursor?: string | null },
  ): Promise<Page<ReconciliationFinding>> {
    return this.reconciliations.listFindings(id, filter);
  }

  addSightings(id: string, sightings: ReconciliationSighting[]): Promise<void> {
    return this.reconciliations.addSightings(id, sightings);
  }

  getSightings(id: string, employeeIds: readonly string[]): Promise<Map<string, ReconciliationSighting>> {
    return this.reconciliations.getSightings(id, employeeIds);
  }

  putHrExport(id: string, rows: readonly HrExportRow[]): Promise<void> {
    return this.reconciliations.putHrExport(id, rows);
  }

  listHrExport(id: string, filter: { limit?: number; cursor?: string | null }): Promise<Page<HrExportRow>> {
    return this.reconciliations.listHrExport(id, filter);
  }

  getHrExportRows(id: string, emails: readonly string[]): Promise<Map<string, HrExportRow>> {
    return this.reconciliations.getHrExportRows(id, emails);
  }

  addHrSightings(id: string, sightings: HrSighting[]): Promise<void> {
    return this.reconciliations.addHrSightings(id, sightings);
  }

  getHrSightings(id: string, emails: readonly string[]): Promise<Map<string, HrSighting>> {
    return this.reconciliations.getHrSightings(id, emails);
  }

  createSweep(sweep: SweepRecord): Promise<{ created: boolean; sweep: SweepRecord }> {
    return this.sweeps.createSweep(sweep);
  }

  getSweep(sweepId: string): Promise<SweepRecord | null> {
    return this.sweeps.getSweep(sweepId);
  }

  updateSweep(sweepId: string, change: Partial<SweepRecord>): Promise<SweepRecord> {
    return this.sweeps.updateSweep(sweepId, change);
  }

  addSweepMembers(sweepId: string, members: SweepMember[]): Promise<void> {
    return this.sweeps.addSweepMembers(sweepId, members);
  }

  recordKeepAsk(sweepId: string, ask: KeepAsk): Promise<boolean> {
    return this.sweeps.recordKeepAsk(sweepId, ask);
  }

  markKeepAskSent(sweepId: string, memberId: string, sentAt: string): Promise<void> {
    return this.sweeps.markKeepAskSent(sweepId, memberId, sentAt);
  }

  getKeepAsk(sweepId: string, memberId: string): Promise<KeepAsk | null> {
    return this.sweeps.getKeepAsk(sweepId, memberId);
  }

  answerKeepAsk(sweepId: string, memberId: string, answeredAt: string): Promise<boolean> {
    return this.sweeps.answerKeepAsk(sweepId, memberId, answeredAt);
  }

  getSweepMembers(sweepId: string, memberIds: readonly string[]): Promise<Map<string, SweepMember>> {
    return this.sweeps.getSweepMembers(sweepId, memberIds);
  }

  setSweepMemberState(
    sweepId: string,
    memberId: string,
    change: { state: SweepMemberState; reason: string },
    from: readonly SweepMemberState[],
  ): Promise<boolean> {
    return this.sweeps.setSweepMemberState(sweepId, memberId, change, from);
  }

  listSweepMembers(
    sweepId: string,
    filter: { state?: SweepMemberState; limit?: number; cursor?: string | null },
  ): Promise<Page<SweepMember>> {
    return this.sweeps.listSweepMembers(sweepId, filter);
  }

  claimHrEvent(eventId: string, request: HrEventClaimRequest): Promise<HrEventClaim> {
    return this.people.claimHrEvent(eventId, request);
  }

  markHrEventPublished(eventId: string): Promise<void> {
    return this.people.markHrEventPublished(eventId);
  }

  releaseHrEvent(eventId: string, claimedAt: string): Promise<void> {
    return this.people.releaseHrEvent(eventId, claimedAt);
  }

  getProfile(employeeId: string): Promise<PersonProfile | null> {
    return this.people.getProfile(employeeId);
  }

  putProfile(
    profile: Omit<PersonProfile, 'version'>,
    expectedVersion: number | null,
  ): Promise<PersonProfile> {
    return this.people.putProfile(profile, expectedVersion);
  }

  searchPeople(text: string, limit: number): Promise<PersonProfile[]> {
    return this.people.searchPeople(text, limit);
  }

  listPeople(filter: { limit?: number; cursor?: string | null }): Promise<Page<PersonProfile>> {
    return this.people.listPeople(filter, pageSize(filter.limit));
  }

  getProfiles(employeeIds: readonly string[]): Promise<Map<string, PersonProfile>> {
    return this.people.getProfiles(employeeIds);
  }

  recordPersonEvent(employeeId: string, event: AppliedEvent & { detail: unknown }): Promise<void> {
    return this.people.recordPersonEvent(employeeId, event);
  }

  listPersonEvents(employeeId: string): Promise<PersonEvent[]> {
    return this.people.listPersonEvents(employeeId);
  }

  createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }> {
    return this.runs.createRun(run);
  }

  getRun(runId: string): Promise<RunRecord | null> {
    return this.runs.getRun(runId);
  }

  recordRunStep(runId: string, step: RunStep): Promise<RunStatus> {
    return this.runs.recordRunStep(runId, step);
  }

  updateRunCut(
    runId: string,
    cut: AccessCut,
    change: (current: CutProgress | null) => Omit<CutProgress, 'rev'>,
  ): Promise<{ before: CutProgress | null; after: CutProgress }> {
    return this.runs.updateRunCut(runId, cut, change);
  }

  setRunWaiting(
    runId: string,
    to: 'running' | 'waiting-approval',
    from: 'running' | 'waiting-approval',
  ): Promise<boolean> {
    return this.runs.setRunWaiting(runId, to, from);
  }

  restartRun(runId: string, next: RunRestart): Promise<RunRecord | null> {
    return this.runs.restartRun(runId, next);
  }

  finishRun(runId: string, end: RunEnd): Promise<RunRecord> {
    return this.runs.finishRun(runId, end);
  }

  async listRuns(filter: {
    status?: RunStatus;
    employeeId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<RunRecord>> {
    return this.runs.listRuns(filter, pageSize(filter.limit));
  }

  beginAudit(
    runId: string | null,
    actionKey: string,
    entry: Omit<AuditEntry, 'id' | 'result'>,
  ): Promise<{ ref: AuditRef; entry: StoredAuditEntry }> {
    return this.audit.beginAudit(runId, actionKey, entry);
  }

  findAuditEntry(
    runId: string,
    actionKey: string,
  ): Promise<{ ref: AuditRef; entry: StoredAuditEntry } | null> {
    return this.audit.findAuditEntry(runId, actionKey);
  }

  completeAudit(
    ref: AuditRef,
    result: AuditOutcome,
    detail: string,
    at?: string,
  ): Promise<StoredAuditEntry | null> {
    return this.audit.completeAudit(ref, result, detail, at);
  }

  runAudit(runId: string): Promise<Array<{ ref: AuditRef; entry: StoredAuditEntry }>> {
    return this.audit.runAudit(runId);
  }

  async listAudit(filter: {
    since: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<StoredAuditEntry>> {
    return this.audit.listAudit(filter, pageSize(filter.limit));
  }

  verifyAudit(filter: { since?: string }): Promise<AuditVerification> {
    return this.audit.verifyAudit(filter);
  }

  putApproval(approval: ApprovalRecord, taskToken: string): Promise<ApprovalRecord> {
    return this.approvals.putApproval(approval, taskToken);
  }

  getApproval(id: string): Promise<ApprovalRecord | null> {
    return this.approvals.getApproval(id);
  }

  approvalTaskToken(id: string): Promise<string | null> {
    return this.approvals.approvalTaskToken(id);
  }

  decideApproval(id: string, decision: ApprovalDecision): Promise<ApprovalRecord> {
    return this.approvals.decideApproval(id, decision);
  }

  async listApprovals(filter: {
    status?: ApprovalStatus;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<ApprovalRecord>> {
    return this.approvals.listApprovals(filter, pageSize(filter.limit));
  }
}

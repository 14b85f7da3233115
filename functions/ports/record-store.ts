/**
 * Lanyard's records (DESIGN.md "Records"): one table, single-item conditional writes only (the
 * local DynamoDB-compatible server has no transactions), keyed on the person and the run.
 */

export const LifecycleStates = [
  'onboarding',
  'awaiting-first-login',
  'active',
  'not-provisioned',
  'offboarding',
  'offboarded',
] as const;
export type LifecycleState = (typeof LifecycleStates)[number];

/** The HR event last applied to a person; later events are compared against it (HR order). */
export interface AppliedEvent {
  id: string;
  type: string;
  effectiveAt: string;
  occurredAt: string;
}

/** One HR event as recorded in a person's history; `stale` ones were refused, never applied. */
export interface PersonEvent extends AppliedEvent {
  stale: boolean;
}

export interface PersonProfile {
  employeeId: string;
  email: string;
  fullName: string;
  department: string | null;
  managerEmail: string | null;
  trelloMemberId: string | null;
  lifecycle: LifecycleState;
  onLeave: boolean;
  lastEvent: AppliedEvent | null;
  /**
   * The hire, rehire or termination last applied: lifecycle events are ordered among themselves,
   * so a newer update or leave applied first does not make an older termination stale
   * (core/event-ordering.ts). Absent on records written before it was kept.
   */
  lastLifecycleEvent?: AppliedEvent | null;
  /** The leave start or end last applied (absent on records written before it was kept). */
  lastLeaveEvent?: AppliedEvent | null;
  /** The run that owns this person's lifecycle now (one lifecycle at a time). */
  currentRunId: string | null;
  /** Optimistic-concurrency counter; every write must name the version it read. */
  version: number;
  updatedAt: string;
}

/**
 * `mover`: a department change that moved Workspace memberships (core/lifecycle/move-workspaces.ts);
 * `leave`: a leave of absence's sign-in or seat change (core/lifecycle/apply-leave.ts).
 */
export type RunKind = 'onboarding' | 'offboarding' | 'sweep' | 'mover' | 'leave' | 'reconciliation';
/**
 * `waiting-approval`: the run waits for an admin (back to `running` once decided);
 * `succeeded-with-gaps`: done, with gaps an admin must close by hand (the summary lists them);
 * `not-provisioned`: the run ended as designed without giving access (approval rejected or
 * expired, the person never logged in); `access-remains`: an offboarding could not end the
 * leaver's access (a cut refused or given up) — a failure that alarms; `skipped`: a duplicate or
 * stale event, nothing done.
 */
export const RunStatuses = [
  'running',
  'waiting-approval',
  'succeeded',
  'succeeded-with-gaps',
  'not-provisioned',
  'failed',
  'access-remains',
  'superseded',
  'skipped',
] as const;
/** Statuses of a run that has ended (anything but running or waiting). */
export const FINISHED_RUN_STATUSES = RunStatuses.filter((s) => s !== 'running' && s !== 'waiting-approval');
/** Ended runs an admin may start again (POST /admin/runs/{id}/retry). */
export const RETRYABLE_RUN_STATUSES: readonly RunStatus[] = ['failed', 'access-remains'];
export type RunStatus = (typeof RunStatuses)[number];

export interface RunStep {
  /** The step id (`grant-seat`), as in infra/step-catalog.ts. */
  step: string;
  at: string;
  result: 'done' | 'skipped' | 'planned' | 'failed';
  detail: string;
}

/** The two access cuts of an offboarding, each timed against the time-to-cut SLO. */
export const AccessCuts = ['trello', 'idp'] as const;
export type AccessCut = (typeof AccessCuts)[number];

/**
 * One access cut of an offboarding run: when it became due, how often it failed, and when it was
 * read back. `done`: read back; `refused`: the other side will not do it and a person must act
 * (AdminHub, no such user); `gave-up`: Lanyard stopped trying after its keep-trying window.
 */
export interface CutProgress {
  state: 'trying' | 'done' | 'refused' | 'gave-up';
  /** The termination's `effectiveAt`, as HR sent it. */
  effectiveAt: string;
  /** When Lanyard could first act: `effectiveAt`, or when the event arrived if that was later. */
  dueAt: string;
  /** The SLO this cut is held to, in seconds from `dueAt`. */
  sloSeconds: number;
  /** Failed attempts so far. */
  attempts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  /** When the cut was read back (done) or found impossible (refused, gave up). */
  endedAt: string | null;
  /** `endedAt − dueAt` once done, in seconds. */
  seconds: number | null;
  /** Set once, when admins were told the cut is past its SLO. */
  lateNotifiedAt: string | null;
  /** How it ended, in words (e.g. "no Trello account", "AdminHub refused"). */
  detail: string | null;
  /** Optimistic-concurrency counter of this entry. */
  rev: number;
}

export interface RunRecord {
  runId: string;
  kind: RunKind;
  employeeId: string | null;
  /** The Step Functions execution that owns the run; a second execution for the same run is a duplicate. */
  executionName: string;
  eventId: string | null;
  status: RunStatus;
  /** Short machine-readable result, e.g. `licensed`, `invited`, `not-provisioned:rejected`. */
  outcome: string | null;
  /** What an admin reads: the run's story in one sentence. */
  summary: string | null;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  steps: RunStep[];
  /**
   * Earlier executions of this run (interrupted by a restart, or ended and retried by an admin),
   * oldest first, each with the steps it recorded: `steps` are only those of the current one.
   */
  earlierAttempts?: EarlierAttempt[];
  /** The HR event the run was started for (validated again where it is read: a retry starts it again). */
  event?: unknown;
  /** Offboarding runs: each access cut's progress and time to cut (absent until it starts). */
  cuts?: Partial<Record<AccessCut, CutProgress>>;
}

/** A new execution taking a run over (restartRun). */
export interface RunRestart {
  executionName: string;
  /** The execution that must still own the run for the takeover to happen. */
  expectedExecutionName: string;
  /** The statuses the run may be in. */
  from: readonly RunStatus[];
  /** `restart`, or `admin:<who>` for a retry. */
  by: string;
  at: string;
}

export interface EarlierAttempt {
  executionName: string;
  /** How it ended: `interrupted` (a restart ran the run again) or its final status and outcome. */
  endedAs: string;
  /** When the next execution took over. */
  supersededAt: string;
  /** Who started the next one: `restart`, or `admin:<who>` for a retry. */
  by: string;
  steps: RunStep[];
  /** Its access cuts (offboarding), as they stood. */
  cuts?: Partial<Record<AccessCut, CutProgress>>;
}

/**
 * The audit trail is append-only: an entry is written once and never changed. An attempt at a
 * change is a `begun` entry written before the change; its outcome, `succeeded` or `failed`, is a
 * separate entry written after it that names the begun one. `planned` and `skipped` stand alone.
 */
export type AuditResult = 'begun' | 'succeeded' | 'failed' | 'planned' | 'skipped';
export type AuditOutcome = 'succeeded' | 'failed';

/** What was done, by whom, to what: what a caller gives when it begins an entry. */
export interface AuditEntry {
  id: string;
  at: string;
  /** Who or what asked: `hr:<eventId>`, `admin:<user>`, `schedule:<name>`. */
  actor: string;
  /** Verb phrase: `grant-seat`, `invite-to-workspace`, `reactivate-member`… */
  action: string;
  /** What it was done to: `member:<id>`, `email:<addr>`, `workspace:<id>`… */
  target: string;
  result: AuditResult;
  detail: string;
  runId: string | null;
  employeeId: string | null;
}

/**
 * An audit entry as stored: what was done, the attempt it belongs to, and its place in its hash
 * chain (the entries of one UTC day, in the order they were appended; README "Audit trail").
 */
export interface StoredAuditEntry extends AuditEntry {
  /** Which try of the change: 1, then 2… after a `failed` outcome. */
  attempt: number;
  /** On an outcome: the id of the `begun` entry of its attempt; null otherwise. */
  begunId: string | null;
  /** Place in the day's chain, from 1. */
  seq: number;
  /** SHA-256 (hex) of the chain's previous entry; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 (hex) of this entry's canonical form (every field but this one). */
  hash: string;
}

/**
 * One attempt at one change, as begun: where its `begun` entry is, so its outcome is appended
 * once. Callers hand it back unchanged.
 */
export interface AuditRef {
  /** The UTC day (chain) and place of the attempt's begun entry. */
  day: string;
  seq: number;
  /** The begun entry's id: the outcome names it. */
  id: string;
  attempt: number;
  /** The run's change the attempt belongs to; null for an entry not tied to a run. */
  change: { runId: string; actionKey: string } | null;
}

export type AuditChainProblem = 'edited' | 'removed' | 'reordered' | 'truncated';

/** The result of walking the audit chains (GET /admin/audit/verify). */
export interface AuditVerification {
  ok: boolean;
  /** Entries whose hash and link were checked. */
  checked: number;
  /**
   * The first entry found broken, in day and chain order: `id` is null where the entry is gone
   * (removed, or truncated past the last one the chain's head still names).
   */
  firstBroken: { day: string; seq: number; id: string | null; problem: AuditChainProblem } | null;
}

export const ApprovalStatuses = ['pending', 'approved', 'rejected', 'expired'] as const;
export type ApprovalStatus = (typeof ApprovalStatuses)[number];

export interface ApprovalRecord {
  id: string;
  runId: string;
  kind: string;
  /** The person the approval is about; they may never decide it. */
  subjectEmployeeId: string | null;
  subjectEmail: string | null;
  question: string;
  options: string[];
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a delivery asks of the HR event's de-duplication marker. */
export interface HrEventClaimRequest {
  /** SHA-256 (hex) of the canonical event body (core/ingest/hr-event-hash.ts). */
  bodyHash: string;
  /** When the marker is forgotten (ISO instant). */
  expiresAt: string;
  /** How long a claim stays with its delivery before another delivery may take it over. */
  leaseSeconds: number;
}

/**
 * What the marker said to one delivery of an HR event:
 * - `claimed`: this delivery holds the claim (first seen, or it took over a claim whose lease ran
 *   out: `takenOver`) and must publish it; `claimedAt` identifies the claim for a release;
 * - `in-progress`: another delivery holds the claim and its lease runs until `leaseUntil`;
 * - `published`: on the bus already (or answered for good, e.g. stale);
 * - `conflict`: the id was first seen with another body (`keptHash`), which is kept;
 *   `firstReport` is true for the first delivery of this other body, so it is reported once.
 */
export type HrEventClaim =
  | { state: 'claimed'; takenOver: boolean; claimedAt: string }
  | { state: 'in-progress'; leaseUntil: string }
  | { state: 'published' }
  | { state: 'conflict'; keptHash: string; firstReport: boolean };

/**
 * How a sweep acts on what it finds: list only, reclaim after one approval, ask each idle member
 * first (those who answer "keep" in time are kept), or reclaim at once.
 */
export const SweepModes = ['report', 'approve', 'ask-first', 'auto'] as const;
export type SweepMode = (typeof SweepModes)[number];
export const SweepStatuses = [
  'listing',
  'awaiting-approval',
  'awaiting-answers',
  'reclaiming',
  'finished',
  'rejected',
  'failed',
] as const;
export type SweepStatus = (typeof SweepStatuses)[number];
/**
 * `candidate`: idle, not exempt, not yet acted on; `exempt`: kept by a rule (reason says which);
 * `dropped`: kept by the approver; `kept`: answered "keep" to an ask-first sweep; `reclaimed`: license revoked and read back; `skipped`: changed
 * since the listing (logged in, already unlicensed); `failed`: Trello refused.
 */
export const SweepMemberStates = [
  'candidate',
  'exempt',
  'dropped',
  'kept',
  'reclaimed',
  'skipped',
  'failed',
] as const;
export type SweepMemberState = (typeof SweepMemberStates)[number];

export interface SweepRecord {
  sweepId: string;
  mode: SweepMode;
  dryRun: boolean;
  /** YYYY-MM-DD: members not active since this day are idle. */
  inactiveSince: string;
  requestedBy: string;
  status: SweepStatus;
  startedAt: string;
  finishedAt: string | null;
  seatsBefore: number | null;
  seatsAfter: number | null;
}

export interface SweepMember {
  memberId: string;
  email: string | null;
  fullName: string;
  lastActiveAt: string | null;
  state: SweepMemberState;
  reason: string;
}

/**
 * An ask-first sweep's question to one idle member. Only the hash of the link's secret is kept;
 * `sentAt` is null until the message went out (a crash before that lets a retry ask again).
 */
export interface KeepAsk {
  memberId: string;
  email: string;
  tokenHash: string;
  answerBy: string;
  sentAt: string | null;
  answeredAt: string | null;
}

/**
 * How a drift reconciliation acts on what it finds: report only (the default), apply the fixes
 * after one approval of the batch, or apply them at once (past the mass-change guard's limit they
 * wait for that approval too).
 */
export const ReconciliationModes = ['report', 'approve', 'auto'] as const;
export type ReconciliationMode = (typeof ReconciliationModes)[number];
export const ReconciliationStatuses = [
  'reading',
  'awaiting-approval',
  'fixing',
  'finished',
  'rejected',
  'failed',
] as const;
export type ReconciliationStatus = (typeof ReconciliationStatuses)[number];

/**
 * What a reconciliation can find (issue 16): `leaver-in-trello` an offboarded person still
 * licensed or active in Trello; `leaver-can-sign-in` an offboarded person the IdP still lets
 * sign in; `deactivated-can-sign-in` a member deactivated in Trello whose IdP sign-in still works
 * (Trello's deactivation does not stop SSO); `hire-not-provisioned` a person onboarded per the
 * record who holds no seat in Trello; `unknown-licensed` a licensed member HR does not know;
 * `deactivated-holding-seat` a member both deactivated and licensed.
 */
export const FindingKinds = [
  'leaver-in-trello',
  'leaver-can-sign-in',
  'deactivated-can-sign-in',
  'hire-not-provisioned',
  'unknown-licensed',
  'deactivated-holding-seat',
] as const;
export type FindingKind = (typeof FindingKinds)[number];

/** The existing run that would close a finding: an offboarding, an onboarding, a seat reclaim, or none (a person must look). */
export const FindingFixes = ['offboard', 'onboard', 'reclaim', 'none'] as const;
export type FindingFix = (typeof FindingFixes)[number];

/**
 * `open`: a fix is suggested and not applied; `no-fix`: reported, a person must look; `dropped`:
 * kept out of the fixes by the approver; `fixed`: the fix was started (the run) or done (a
 * reclaim, read back); `failed`: the fix was refused (the result says why).
 */
export const FindingStates = ['open', 'no-fix', 'dropped', 'fixed', 'failed'] as const;
export type FindingState = (typeof FindingStates)[number];

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

/** What an HR export says of a person's employment (core/reconciliation/parse-hr-export.ts). */
export const HrEmploymentStatuses = ['active', 'on-leave', 'terminated'] as const;
export type HrEmploymentStatus = (typeof HrEmploymentStatuses)[number];

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

/** A notification as the console's inbox keeps it. */
export interface StoredNotification {
  id: string;
  at: string;
  kind: string;
  title: string;
  body: string;
  runId: string | null;
  approvalId: string | null;
}

/** Seats in use on one day (the last reading of that day). */
export interface SeatReading {
  day: string;
  used: number;
  total: number | null;
}

export interface RecordStore {
  /**
   * Claims an HR event id for ingestion: one conditional write decides which delivery publishes
   * it (de-duplication marker with the body's hash, a lease and its own expiry; see HrEventClaim).
   */
  claimHrEvent(eventId: string, request: HrEventClaimRequest): Promise<HrEventClaim>;
  markHrEventPublished(eventId: string): Promise<void>;
  /** Ends this delivery's lease at once (it failed before publishing), so a redelivery may take over. */
  releaseHrEvent(eventId: string, claimedAt: string): Promise<void>;

  getProfile(employeeId: string): Promise<PersonProfile | null>;
  /** Creates (expectedVersion null) or replaces the profile; throws ConcurrentUpdateError on a version mismatch. */
  putProfile(profile: Omit<PersonProfile, 'version'>, expectedVersion: number | null): Promise<PersonProfile>;
  /**
   * People whose email, employee id, full name or a later word of their name (a surname) starts
   * with `text`, case and accents ignored; the id or email typed in full first; at most `limit`.
   * Answered from an index the profile writes keep, never by reading every person.
   */
  searchPeople(text: string, limit: number): Promise<PersonProfile[]>;
  /**
   * Every person Lanyard has a record of, in employee-id order, a page at a time (with a run or
   * without), from an index the profile writes keep: never a read of the whole table.
   */
  listPeople(filter: { limit?: number; cursor?: string | null }): Promise<Page<PersonProfile>>;
  /** The profiles of these people, keyed by employee id (absent: Lanyard has no record of them). */
  getProfiles(employeeIds: readonly string[]): Promise<Map<string, PersonProfile>>;
  /** Adds an HR event to the person's history (idempotent by event id). */
  recordPersonEvent(employeeId: string, event: AppliedEvent & { detail: unknown }): Promise<void>;
  /** The person's HR event history in HR order (newest last), stale ones included and marked. */
  listPersonEvents(employeeId: string): Promise<PersonEvent[]>;

  /** Creates the run unless it exists; either way returns the stored run. */
  createRun(run: RunRecord): Promise<{ created: boolean; run: RunRecord }>;
  getRun(runId: string): Promise<RunRecord | null>;
  /**
   * Moves a run between `running` and `waiting-approval`, only from `from` (a finished run is never
   * moved back). False when it was not in `from`.
   */
  setRunWaiting(
    runId: string,
    to: 'running' | 'waiting-approval',
    from: 'running' | 'waiting-approval',
  ): Promise<boolean>;
  /**
   * A new execution takes the run over: the current steps move to `earlierAttempts` (never
   * deleted) and the run is `running` again under `executionName`. Only when the run is in one of
   * `from` and still owned by `expectedExecutionName`; returns the run as stored then, or null
   * when it was not (someone else took it, or its status changed).
   */
  restartRun(runId: string, next: RunRestart): Promise<RunRecord | null>;
  /**
   * Appends a step, replacing an earlier entry for the same step name (a re-run converges, it does
   * not pile up). Answers the run's status as the write left it (from the write's own answer).
   */
  recordRunStep(runId: string, step: RunStep): Promise<RunStatus>;
  finishRun(
    runId: string,
    end: { status: RunStatus; outcome: string; summary: string; finishedAt: string | null },
  ): Promise<RunRecord>;
  /**
   * Changes one access cut of a run: `change` gets the stored entry (null when none) and returns
   * the new one; a concurrent change makes it read again. Returns the entry before and after.
   */
  updateRunCut(
    runId: string,
    cut: AccessCut,
    change: (current: CutProgress | null) => Omit<CutProgress, 'rev'>,
  ): Promise<{ before: CutProgress | null; after: CutProgress }>;
  listRuns(filter: {
    status?: RunStatus;
    employeeId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<RunRecord>>;

  /**
   * Appends the `begun` entry of an attempt at one change of one run, once: a re-run of the step
   * with the same `actionKey` gets the same attempt back instead of a second begun entry, until
   * that attempt's outcome is `failed`; then the next call begins attempt 2 (a new entry).
   * With `runId` null every call appends a new entry.
   */
  beginAudit(
    runId: string | null,
    actionKey: string,
    entry: Omit<AuditEntry, 'id' | 'result'>,
  ): Promise<{ ref: AuditRef; entry: StoredAuditEntry }>;
  /**
   * The current attempt at (run, action key): its outcome entry once written, else its begun
   * entry; null when none was begun (a crash before the begun entry was appended counts as none).
   */
  findAuditEntry(
    runId: string,
    actionKey: string,
  ): Promise<{ ref: AuditRef; entry: StoredAuditEntry } | null>;
  /**
   * Appends the outcome of the attempt `ref` began, as a new entry naming it (the begun entry
   * is never changed). Once per attempt: the first outcome stands and is returned again; null
   * when a later attempt has begun since. `at` defaults to now.
   */
  completeAudit(
    ref: AuditRef,
    result: AuditOutcome,
    detail: string,
    at?: string,
  ): Promise<StoredAuditEntry | null>;
  /** Every audit entry of one run (begun and outcome of each attempt), in time order. */
  runAudit(runId: string): Promise<Array<{ ref: AuditRef; entry: StoredAuditEntry }>>;
  /** Entries since a time, day after day, each day in chain order. */
  listAudit(filter: {
    since: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<StoredAuditEntry>>;
  /** Walks the hash chains of every day from `since` (a day or instant; default: all) and names the first break. */
  verifyAudit(filter: { since?: string }): Promise<AuditVerification>;

  /** Creates the approval, or refreshes the task token of a pending one with the same id (a re-run waits again). */
  putApproval(approval: ApprovalRecord, taskToken: string): Promise<ApprovalRecord>;
  getApproval(id: string): Promise<ApprovalRecord | null>;
  /** The task token of a pending approval; it never leaves the server side. */
  approvalTaskToken(id: string): Promise<string | null>;
  /**
   * Decides a pending, unexpired approval exactly once (conditional write). Throws
   * ApprovalNotPendingError when it was already decided or has expired.
   */
  decideApproval(
    id: string,
    decision: { status: 'approved' | 'rejected' | 'expired'; by: string; at: string; comment: string | null },
  ): Promise<ApprovalRecord>;
  listApprovals(filter: {
    status?: ApprovalStatus;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<ApprovalRecord>>;

  /**
   * The people behind a page of Trello members, keyed by member id (kept in step with putProfile;
   * members with nobody are absent).
   */
  findPeopleByMemberIds(memberIds: readonly string[]): Promise<Map<string, PersonProfile>>;

  /** Creates the sweep unless it exists; either way returns the stored one. */
  createSweep(sweep: SweepRecord): Promise<{ created: boolean; sweep: SweepRecord }>;
  getSweep(sweepId: string): Promise<SweepRecord | null>;
  updateSweep(
    sweepId: string,
    change: Partial<Pick<SweepRecord, 'status' | 'finishedAt' | 'seatsBefore' | 'seatsAfter'>>,
  ): Promise<SweepRecord>;
  /** Records what the listing found, once per member: a re-run never undoes a later state (dropped, reclaimed). */
  addSweepMembers(sweepId: string, members: SweepMember[]): Promise<void>;
  /** Moves a member to `state` only from one of `from`; false when it was elsewhere (nothing changed). */
  /** Records the question unless one was already sent (false then: nothing changed). */
  recordKeepAsk(sweepId: string, ask: KeepAsk): Promise<boolean>;
  markKeepAskSent(sweepId: string, memberId: string, sentAt: string): Promise<void>;
  getKeepAsk(sweepId: string, memberId: string): Promise<KeepAsk | null>;
  /** Records the answer once; false when it was already answered. */
  answerKeepAsk(sweepId: string, memberId: string, answeredAt: string): Promise<boolean>;
  /** The stored rows of these members (absent when the sweep never listed them). */
  getSweepMembers(sweepId: string, memberIds: readonly string[]): Promise<Map<string, SweepMember>>;
  setSweepMemberState(
    sweepId: string,
    memberId: string,
    change: { state: SweepMemberState; reason: string },
    from: readonly SweepMemberState[],
  ): Promise<boolean>;
  listSweepMembers(
    sweepId: string,
    filter: { state?: SweepMemberState; limit?: number; cursor?: string | null },
  ): Promise<Page<SweepMember>>;

  /** Creates the reconciliation unless it exists; either way returns the stored one. */
  createReconciliation(
    reconciliation: ReconciliationRecord,
  ): Promise<{ created: boolean; reconciliation: ReconciliationRecord }>;
  getReconciliation(reconciliationId: string): Promise<ReconciliationRecord | null>;
  updateReconciliation(
    reconciliationId: string,
    change: Partial<Pick<ReconciliationRecord, 'status' | 'finishedAt'>>,
  ): Promise<ReconciliationRecord>;
  /** Records findings once each (evidence is never rewritten): a re-read never undoes a fix or a drop. */
  addFindings(reconciliationId: string, findings: ReconciliationFinding[]): Promise<void>;
  /** Moves a finding to `state` only from one of `from`; false when it was elsewhere (nothing changed). */
  setFindingState(
    reconciliationId: string,
    findingId: string,
    change: { state: FindingState; result: string },
    from: readonly FindingState[],
  ): Promise<boolean>;
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

  /** The console's inbox: every notification, newest first. */
  putNotification(notification: StoredNotification): Promise<void>;
  listNotifications(filter: { limit?: number; cursor?: string | null }): Promise<Page<StoredNotification>>;
  /** Keeps the day's seat count (the last reading of the day wins) for the seats trend. */
  recordSeatReading(reading: SeatReading): Promise<void>;
  /** Readings since a day (YYYY-MM-DD), oldest first. */
  listSeatReadings(sinceDay: string): Promise<SeatReading[]>;
}

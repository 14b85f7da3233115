/**
 * THE list of Lambda steps. The CDK stack creates one NodejsFunction per entry (with exactly the
 * access listed), and the local runtime maps the synthesized functions back to these handler
 * modules (by the LANYARD_STEP variable every function carries), so the two cannot drift.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordPortName } from '../functions/ports/records/record-ports.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What a function may do on the records table (infra/constructs/step-access.ts turns it into IAM
 * statements): `read` = GetItem, Query and BatchGetItem; `write` = PutItem and UpdateItem. Nothing
 * in Lanyard scans the table or deletes an item (functions/adapters/dynamodb/record-table.ts is
 * every operation the record store makes), so no function gets Scan or DeleteItem.
 */
export type TableAccess = 'read' | 'write' | 'read-write';

export interface StepAccess {
  /**
   * The records table. Every step today is `read-write`: it reads its run and the person's
   * profile, records what it did on the run (UpdateItem) and appends audit entries (PutItem);
   * every Trello- or IdP-calling step also books its rate-limit slots (and a refused IdP cut its
   * turn) with UpdateItem on `PACE#` items (functions/adapters/pacing/dynamodb-pacer.ts).
   */
  table: TableAccess;
  /** BatchWriteItem: only a step that writes many items in one request (a sweep page's members). */
  tableBatchWrite?: boolean;
  /** Query on the status index (gsi1): lists runs or approvals by status (pending approvals, queued hires). */
  statusIndex?: boolean;
  /** Reads the Trello key/token secret. */
  trelloSecret: boolean;
  /** Calls states:SendTaskSuccess/Failure (to hand a recorded decision to a waiting step). */
  taskCallbacks: boolean;
  /** Notifies admins (SNS topic, Slack webhook secret). */
  notify?: boolean;
  /** Reads the identity provider's credentials secret (calls the IdP's API). */
  idpSecret?: boolean;
  /**
   * Reads the Atlassian Administration API key secret: the steps that grant or free seats and
   * deactivate or reactivate members, which an AdminHub-managed Enterprise does there, not in Trello.
   * (The secret exists only in `adminhub` mode; in `trello` mode the grant has nothing to point at.)
   */
  adminHubSecret?: boolean;
  /** Sends mail to people through SES from the configured sender (ask-first sweeps). */
  mailsPeople?: boolean;
  /**
   * Ends a leaver's onboarding in flight: fails its approval wait (SendTaskFailure) or stops its
   * execution (Describe/StopExecution), on the onboarding state machine only.
   */
  stopsOnboarding?: boolean;
  /**
   * Puts HR events on the lifecycle bus (events:PutEvents on it): HR ingest, the admin imports,
   * and the steps that start lifecycle runs through the HR-event door (a reconciliation's
   * approved fixes).
   */
  publishesEvents?: boolean;
  /**
   * Reads the Standard Webhooks secret and the HR vendors' secrets (BambooHR/HiBob webhook keys,
   * the Bob API user): the function behind `POST /hr/events`.
   */
  webhookSecrets?: boolean;
  /**
   * states:StartExecution: sweeps and reconciliations on request, and the lifecycle runs an admin
   * retries (the admin API functions).
   */
  startsRuns?: boolean;
  /**
   * Reads the policy values too large for the Lambda environment (department Workspaces, the sweep
   * allow-list) from the stack's config parameters (infra/constructs/config-parameters.ts).
   */
  configParameters?: boolean;
  /**
   * The leave-approval state machine only: `ask` starts its executions (a leave start under
   * `leaveApproval`: states:StartExecution) and ends their wait (a leave end withdrawing the
   * approval: SendTaskFailure); `withdraw` only ends the wait (a termination withdrawing it).
   */
  leaveApprovals?: 'ask' | 'withdraw';
}

/** The state machines, by the folder of workflows/ that defines each. */
export type WorkflowId =
  | 'onboarding'
  | 'offboarding'
  | 'idle-seat-sweep'
  | 'reconciliation'
  | 'leave-approval';

/** One Lambda function: a catalog step here, or an HTTP function of infra/api-catalog.ts. */
export interface FunctionDefinition {
  /** Stable id (API): kebab-case, used in logs, run records and construct ids. */
  id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  access: StepAccess;
  /** Lambda timeout. */
  timeoutSeconds: number;
}

export interface StepDefinition extends FunctionDefinition {
  /**
   * The state machine whose Tasks invoke this step: the stack hands the workflow exactly the
   * steps listed for it (infra/workflow-steps.ts) and refuses a listed step its definition never
   * invokes. `null`: invoked asynchronously on its own, by a bus rule or a schedule.
   */
  workflow: WorkflowId | null;
  /**
   * The record ports the step reads or writes, as its handler names them in defineStep (which
   * hands it only these); test/unit/runtime/step-records.test.ts keeps the two equal.
   */
  records: readonly RecordPortName[];
}

const trelloStep = { table: 'read-write', trelloSecret: true, taskCallbacks: false } as const;
const trelloAndIdpStep = { ...trelloStep, idpSecret: true } as const;
/** The steps that change seats or deactivation: in `adminhub` mode these go to Atlassian Administration. */
const seatStep = { ...trelloStep, adminHubSecret: true } as const;
/** The steps that read the department → Workspace map. */
const workspaceStep = { ...trelloStep, configParameters: true } as const;
/**
 * The steps that make a leave's sign-in or seat change: the IdP or Trello (AdminHub) cut, a
 * failure notified, and a return's Workspaces moved by the department map.
 */
const leaveChangeStep = { ...seatStep, idpSecret: true, configParameters: true, notify: true } as const;

export const STEP_CATALOG = [
  {
    id: 'begin-onboarding',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/begin-onboarding.ts',
    records: ['people', 'runs'],
    description: 'Creates the run, refuses stale events, claims the person lifecycle',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false },
    timeoutSeconds: 30,
  },
  {
    id: 'decide-onboarding-path',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/decide-onboarding-path.ts',
    records: ['people', 'runs'],
    description: 'Reads the Enterprise membership and decides the onboarding path',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'reactivate-member',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/reactivate-member.ts',
    records: ['people', 'runs', 'audit'],
    description: 'Reactivates a deactivated member',
    access: seatStep,
    timeoutSeconds: 60,
  },
  {
    id: 'grant-seat',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/grant-seat.ts',
    records: ['people', 'runs', 'audit'],
    description: 'Grants an Enterprise license seat',
    access: seatStep,
    timeoutSeconds: 60,
  },
  {
    id: 'invite-to-workspace',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/invite-to-workspace.ts',
    records: ['people', 'runs', 'audit'],
    description: 'Invites a person without a Trello account to the default Workspace',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'check-first-login',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/check-first-login.ts',
    records: ['people', 'runs'],
    description: 'Checks whether the person has logged in to Trello once',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'ensure-workspaces',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/ensure-workspaces.ts',
    records: ['people', 'runs', 'audit'],
    description: 'Adds the member to the default and department Workspaces',
    access: workspaceStep,
    timeoutSeconds: 60,
  },
  {
    id: 'verify-onboarding',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/verify-onboarding.ts',
    records: ['people', 'runs'],
    description: 'Reads the result back from Trello',
    access: workspaceStep,
    timeoutSeconds: 60,
  },
  {
    id: 'finish-onboarding',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/finish-onboarding.ts',
    records: ['people', 'runs', 'audit', 'approvals'],
    description:
      'Records the outcome, releases the lifecycle, notifies admins; applies a leave recorded meanwhile',
    access: {
      table: 'read-write',
      statusIndex: true,
      // A leave recorded before the onboarding ended is applied here (its sign-in or seat change),
      // or, under `leaveApproval`, asked.
      trelloSecret: true,
      idpSecret: true,
      adminHubSecret: true,
      taskCallbacks: false,
      notify: true,
      leaveApprovals: 'ask',
    },
    timeoutSeconds: 30,
  },
  {
    id: 'ask-for-seats',
    workflow: 'onboarding',
    entry: 'functions/handlers/approvals/ask-for-seats.ts',
    records: ['runs', 'approvals'],
    description: 'Records a seat approval for admins (waitForTaskToken); replays a recorded decision',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: true, notify: true },
    timeoutSeconds: 30,
  },
  {
    id: 'restore-idp-user',
    workflow: 'onboarding',
    entry: 'functions/handlers/onboarding/restore-idp-user.ts',
    records: ['people', 'runs', 'audit'],
    description: 'Gives a rehire their identity-provider access back',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false, idpSecret: true },
    timeoutSeconds: 60,
  },
  {
    id: 'apply-profile-event',
    workflow: null,
    entry: 'functions/handlers/lifecycle/apply-profile-event.ts',
    records: ['people', 'runs', 'audit', 'approvals'],
    description:
      'Applies HR profile updates and leave events in HR order; moves Workspaces of movers; applies the leave policy (or asks its approval)',
    access: { ...leaveChangeStep, leaveApprovals: 'ask' },
    timeoutSeconds: 120,
  },
  {
    id: 'ask-leave-approval',
    workflow: 'leave-approval',
    entry: 'functions/handlers/lifecycle/ask-leave-approval.ts',
    records: ['people', 'runs', 'audit', 'approvals'],
    description:
      "Records the approval of a leave's sign-in or seat change (waitForTaskToken); withdraws it when the leave is over",
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: true, notify: true },
    timeoutSeconds: 30,
  },
  {
    id: 'settle-leave-approval',
    workflow: 'leave-approval',
    entry: 'functions/handlers/lifecycle/settle-leave-approval.ts',
    records: ['people', 'runs', 'audit', 'approvals'],
    description:
      "Makes an approved leave's sign-in or seat change while the person is still on that leave; else records why not",
    access: leaveChangeStep,
    timeoutSeconds: 120,
  },
  {
    id: 'begin-offboarding',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/begin-offboarding.ts',
    records: ['people', 'runs', 'audit', 'approvals', 'seatReadings'],
    description: 'Creates the run, refuses stale events, claims the lifecycle, ends an onboarding in flight',
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: false,
      notify: true,
      stopsOnboarding: true,
      leaveApprovals: 'withdraw',
    },
    timeoutSeconds: 30,
  },
  {
    id: 'plan-offboarding',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/plan-offboarding.ts',
    records: ['people', 'runs', 'audit'],
    description:
      "After the Trello cut: the leaver's boards left without an admin, their public boards, a successor; hands over the first boards",
    access: trelloStep,
    timeoutSeconds: 120,
  },
  {
    id: 'hand-over-board',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/hand-over-board.ts',
    records: ['people', 'runs', 'audit'],
    description: 'Makes the successor admin of one sole-admin board, read back',
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'deactivate-member',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/deactivate-member.ts',
    records: ['people', 'runs', 'audit'],
    description:
      'The Trello access cut: deactivates the leaver in the Enterprise (frees the seat), read back',
    access: { ...seatStep, notify: true },
    timeoutSeconds: 60,
  },
  {
    id: 'note-cut-delay',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/note-cut-delay.ts',
    records: ['people', 'runs'],
    description: 'Records a failed access cut, tells admins once it is past its SLO, says when to try again',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false, notify: true },
    timeoutSeconds: 30,
  },
  {
    id: 'review-tokens',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/review-tokens.ts',
    records: ['people', 'runs', 'audit'],
    description: "Counts the leaver's Trello tokens; revokes Atlassian API tokens",
    access: trelloAndIdpStep,
    timeoutSeconds: 120,
  },
  {
    id: 'verify-tokens',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/verify-tokens.ts',
    records: ['people', 'runs'],
    description: "Counts the leaver's Trello tokens again after the admin task",
    access: trelloStep,
    timeoutSeconds: 60,
  },
  {
    id: 'deactivate-idp-user',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/deactivate-idp-user.ts',
    records: ['people', 'runs', 'audit'],
    description: 'Cuts the leaver off in the identity provider (sign-in or account scope), read back',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false, idpSecret: true, notify: true },
    timeoutSeconds: 60,
  },
  {
    id: 'verify-offboarding',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/verify-offboarding.ts',
    records: ['people', 'runs', 'audit', 'approvals'],
    description: 'Reads Trello and the IdP back and writes the offboarding report',
    access: trelloAndIdpStep,
    timeoutSeconds: 60,
  },
  {
    id: 'finish-offboarding',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/finish-offboarding.ts',
    records: ['people', 'runs', 'approvals'],
    description: 'Records the outcome, releases the lifecycle, notifies admins',
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: false,
      notify: true,
    },
    timeoutSeconds: 30,
  },
  {
    id: 'ask-offboarding-approval',
    workflow: 'offboarding',
    entry: 'functions/handlers/approvals/ask-offboarding-approval.ts',
    records: ['runs', 'approvals'],
    description:
      'Records an offboarding approval or admin task (waitForTaskToken); replays a recorded decision',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: true, notify: true },
    timeoutSeconds: 30,
  },
  {
    id: 'hold-offboarding',
    workflow: 'offboarding',
    entry: 'functions/handlers/offboarding/hold-offboarding.ts',
    records: [],
    description:
      'Keeps a termination the mass-change guard held until an admin decides (waitForTaskToken); notifies once per batch',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: true, notify: true },
    timeoutSeconds: 30,
  },
  {
    id: 'begin-sweep',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/sweep/begin-sweep.ts',
    records: ['runs', 'sweeps'],
    description: 'Records the sweep and its run, fixes the cutoff, reads seats in use',
    access: trelloStep,
    timeoutSeconds: 30,
  },
  {
    id: 'list-idle-members',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/sweep/list-idle-members.ts',
    records: ['people', 'sweeps'],
    description: 'Lists one page of idle licensed members and records candidates and exemptions',
    access: { ...trelloStep, tableBatchWrite: true, configParameters: true },
    timeoutSeconds: 120,
  },
  {
    id: 'ask-sweep-approval',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/approvals/ask-sweep-approval.ts',
    records: ['runs', 'audit', 'approvals', 'sweeps'],
    description: 'Records the sweep approval (waitForTaskToken); replays a recorded decision',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: true, notify: true },
    timeoutSeconds: 60,
  },
  {
    id: 'ask-idle-members',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/sweep/ask-idle-members.ts',
    records: ['sweeps'],
    description: 'Ask-first sweeps: mails each idle member a single-use "keep my seat" link',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false, mailsPeople: true },
    timeoutSeconds: 300,
  },
  {
    id: 'guard-reclaims',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/sweep/guard-reclaims.ts',
    records: ['audit', 'sweeps'],
    description:
      'Auto and ask-first sweeps: holds a batch past the mass-change guard for an approval, audited',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false },
    timeoutSeconds: 60,
  },
  {
    id: 'reclaim-seats',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/sweep/reclaim-seats.ts',
    records: ['audit', 'sweeps'],
    description:
      'Re-lists one page of idle members and revokes the candidates still on it, each read back and audited',
    access: seatStep,
    timeoutSeconds: 300,
  },
  {
    id: 'recheck-candidates',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/sweep/recheck-candidates.ts',
    records: ['audit', 'sweeps'],
    description: 'Looks up the candidates the re-listing did not show, skips the changed, reclaims the rest',
    access: trelloStep,
    timeoutSeconds: 300,
  },
  {
    id: 'finish-sweep',
    workflow: 'idle-seat-sweep',
    entry: 'functions/handlers/sweep/finish-sweep.ts',
    records: ['people', 'runs', 'audit', 'approvals', 'sweeps', 'seatReadings'],
    description:
      'Tallies the sweep, reads seats after, releases queued onboardings, closes the run, notifies',
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: true,
      taskCallbacks: true,
      notify: true,
    },
    timeoutSeconds: 120,
  },
  {
    id: 'begin-reconciliation',
    workflow: 'reconciliation',
    entry: 'functions/handlers/reconciliation/begin-reconciliation.ts',
    records: ['runs', 'audit', 'reconciliations'],
    description: 'Records the reconciliation and its run, reads seats in use, audits the start',
    access: trelloStep,
    timeoutSeconds: 30,
  },
  {
    id: 'read-trello-members',
    workflow: 'reconciliation',
    entry: 'functions/handlers/reconciliation/read-trello-members.ts',
    records: ['people', 'reconciliations'],
    description:
      'Reads pages of licensed then deactivated Enterprise members, asks the IdP about deactivated ones, records findings',
    access: { ...trelloAndIdpStep, tableBatchWrite: true },
    timeoutSeconds: 120,
  },
  {
    id: 'check-people',
    workflow: 'reconciliation',
    entry: 'functions/handlers/reconciliation/check-people.ts',
    records: ['people', 'reconciliations'],
    description:
      'Checks the leavers (IdP sign-in) and hires (Trello seat) of a page of people, records findings',
    access: {
      table: 'read-write',
      tableBatchWrite: true,
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: false,
      idpSecret: true,
    },
    timeoutSeconds: 120,
  },
  {
    id: 'plan-fixes',
    workflow: 'reconciliation',
    entry: 'functions/handlers/reconciliation/plan-fixes.ts',
    records: ['audit', 'reconciliations'],
    description:
      'Report, ask or fix: holds an auto batch past the mass-change guard for an approval, audited',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: false },
    timeoutSeconds: 60,
  },
  {
    id: 'ask-fix-approval',
    workflow: 'reconciliation',
    entry: 'functions/handlers/approvals/ask-fix-approval.ts',
    records: ['runs', 'approvals', 'reconciliations'],
    description:
      'Records the approval of the reconciliation fixes (waitForTaskToken); replays a recorded decision',
    access: { table: 'read-write', trelloSecret: false, taskCallbacks: true, notify: true },
    timeoutSeconds: 60,
  },
  {
    id: 'apply-fixes',
    workflow: 'reconciliation',
    entry: 'functions/handlers/reconciliation/apply-fixes.ts',
    records: ['hrEvents', 'people', 'audit', 'reconciliations'],
    description:
      'Starts offboardings and onboardings through the HR-event door and reclaims seats, each audited',
    access: { ...seatStep, notify: true, publishesEvents: true },
    timeoutSeconds: 120,
  },
  {
    id: 'finish-reconciliation',
    workflow: 'reconciliation',
    entry: 'functions/handlers/reconciliation/finish-reconciliation.ts',
    records: ['runs', 'audit', 'approvals', 'reconciliations'],
    description: 'Tallies the findings, audits the counts, closes the run, notifies',
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: false,
      notify: true,
    },
    timeoutSeconds: 120,
  },
  {
    id: 'watch-seats',
    workflow: null,
    entry: 'functions/handlers/seats/watch-seats.ts',
    records: ['people', 'runs', 'audit', 'approvals', 'seatReadings'],
    description: 'Scheduled: reads seats, keeps the trend, releases queued hires when seats are free',
    access: { table: 'read-write', statusIndex: true, trelloSecret: true, taskCallbacks: true },
    timeoutSeconds: 60,
  },
  {
    id: 'close-stranded-run',
    workflow: null,
    entry: 'functions/handlers/runs/close-stranded-run.ts',
    records: ['people', 'runs', 'audit', 'approvals'],
    description:
      'On a workflow execution that ended failed, timed out or aborted: ends its run failed if still running, notifies',
    // The status index: finds the running run an execution owns, and the run's open approvals.
    access: {
      table: 'read-write',
      statusIndex: true,
      trelloSecret: false,
      taskCallbacks: false,
      notify: true,
    },
    timeoutSeconds: 60,
  },
] as const satisfies readonly StepDefinition[];

export type StepId = (typeof STEP_CATALOG)[number]['id'];

/** The ids of the steps the catalog lists for `W`: a definition's step map is keyed by exactly these. */
export type WorkflowStepId<W extends WorkflowId> = Extract<
  (typeof STEP_CATALOG)[number],
  { workflow: W }
>['id'];

/** The steps invoked asynchronously (by a bus rule, by a schedule): the rest run inside state machines. */
export type AsyncStepId = Extract<(typeof STEP_CATALOG)[number], { workflow: null }>['id'];

export const ASYNC_STEPS = STEP_CATALOG.filter(
  (step): step is Extract<(typeof STEP_CATALOG)[number], { workflow: null }> => step.workflow === null,
).map((step) => step.id);

export function stepEntryPath(step: FunctionDefinition): string {
  return path.join(root, step.entry);
}

/** The environment variable naming the step on every function (how the local runtime maps them). */
export const STEP_ID_VARIABLE = 'LANYARD_STEP';

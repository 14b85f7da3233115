/**
 * The offboarding workflow (DESIGN.md "Offboarding"; fails closed).
 *
 * Primary course:
 * 1. Begin Offboarding: create the run once, refuse stale/duplicate events, claim the lifecycle,
 *    end an onboarding still in flight for the same person (a failure there is recorded and
 *    notified, never blocks the cuts); fix the cut clock (due time, SLO, keep-trying window).
 * 2. Wait Until Effective: `effectiveAt` — entered only when it is still ahead (Begin decides, so an
 *    effective or urgent termination goes straight to the cuts).
 * 3. Cut Access (Parallel), both cuts at once and independent of each other and of every person:
 *    - Trello: Deactivate Member (frees the seat; read back) → Plan Handover (which hands over the
 *      first boards itself) → Hand Over Boards (the rest, if any). Boards are handed over after
 *      the cut, never before it; a board failure is reported, it never fails the branch.
 *    - IdP: Deactivate IdP Sign-In (sessions and tokens included; read back).
 *    Each cut retries through outages for its keep-trying window (access-cut-loop.ts) and ends
 *    only as done, refused (AdminHub, no such user) or given up; no branch ever fails the other.
 * 4. Review Tokens → (Ask Admin To Delete Tokens) → Verify Tokens: revoke what APIs allow, ask a
 *    person for what only the Enterprise dashboard can do, count again; never claim more. Access
 *    is already cut: the human task only tidies up.
 * 5. Account-wide IdP deactivation — only when configured and approved with its blast radius.
 * 6. Verify Offboarding (read-back and report) → Finish Offboarding (record, release, notify).
 *
 * Alternative courses: the token task declined or expired → Verify Tokens records the tokens as
 * remaining; account-wide deactivation rejected or expired → the account stays, recorded; a cut
 * refused or given up → `access-remains`, the run fails and alarms; superseded or any error →
 * Finish records it (Begin's own failure included); errors end in Offboarding Failed.
 */
import { Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import type { BeginOffboardingResult } from '../../functions/core/offboarding/begin-offboarding.ts';
import type { WorkflowStepId } from '../../infra/step-catalog.ts';
import { finishStep } from '../shared/finish-step.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import {
  beginPersists,
  cutBlip,
  idpStepRetries,
  notYetVisible,
  recordConflict,
  trelloStepRetries,
} from '../shared/retry-policies.ts';
import { AccessCutLoop } from './access-cut-loop.ts';
import { OffboardingStates as S } from './offboarding-states.ts';

/** The steps the catalog lists for this workflow (infra/step-catalog.ts): asking for any other fails to compile. */
export type OffboardingStepId = WorkflowStepId<'offboarding'>;

export interface OffboardingDefinitionProps {
  steps: Record<OffboardingStepId, IFunction>;
  /** How long an admin has for the token task and the account-wide approval. */
  approvalTimeout: Duration;
  /**
   * How long the run that opens a quarantine batch waits before notifying, so the one notification
   * counts the burst. @default 60 seconds
   */
  quarantineSettle?: Duration;
  /** Boards handed over at once: each is a paced write and a read-back. @default 4 */
  handoverConcurrency?: number;
}

const RUN = { 'run.$': '$.begin.run' };
/** The leaver's Trello member as the cut-access branches found it. */
const MEMBER = { ...RUN, 'memberId.$': '$.cuts.leaver.memberId' };
const APPROVAL_ENDS = [ErrorNames.ApprovalRejected, ErrorNames.ApprovalExpired, ErrorNames.Timeout];
/**
 * How long a failing Begin Offboarding is tried again after its own retries: every half hour for
 * a day (longer when each try spends its hour of retries). 48 tries of at most ~60 attempts stay
 * far below an execution's 25,000 history events.
 */
export const BEGIN_RETRY = { every: Duration.minutes(30), tries: 48 };

export function buildOffboardingDefinition(
  scope: Construct,
  props: OffboardingDefinitionProps,
): sfn.IChainable {
  const { steps } = props;

  const finish = finishStep(scope, {
    fn: steps['finish-offboarding'],
    payload: { ...RUN, 'end.$': '$.end' },
    retries: [recordConflict],
    names: S,
    failError: 'OffboardingFailed',
  });
  const toFinishOnError = <T extends sfn.TaskStateBase | sfn.Parallel>(state: T): T => {
    state.addCatch(finish, { errors: [ErrorNames.All], resultPath: '$.end' });
    return state;
  };
  const step = (
    state: string,
    id: OffboardingStepId,
    payload: Record<string, unknown>,
    fields: readonly string[],
    resultPath: string,
    retries = trelloStepRetries,
  ) =>
    toFinishOnError(
      lambdaStep(scope, state, { fn: steps[id], payload, resultFields: fields, resultPath, retries }),
    );
  const askAdmin = (state: string, kind: 'delete-tokens' | 'account-deactivation') =>
    lambdaStep(scope, state, {
      fn: steps['ask-offboarding-approval'],
      payload: { ...RUN, kind, taskToken: sfn.JsonPath.taskToken },
      timeout: props.approvalTimeout,
      waitForTaskToken: true,
      retries: [recordConflict],
    });
  const taskOutcome = (state: string, task: 'approved' | 'rejected') =>
    new sfn.Pass(scope, state, { result: sfn.Result.fromString(task), resultPath: '$.tokenReview.task' });

  const verify = toFinishOnError(
    lambdaStep(scope, S.verify, {
      fn: steps['verify-offboarding'],
      payload: {
        ...RUN,
        'leaver.$': '$.cuts.leaver',
        'handover.$': '$.cuts.handover',
        'member.$': '$.cuts.trello',
        'tokens.$': '$.tokens',
        'idp.$': '$.cuts.idp',
      },
      resultFields: ['outcome', 'gaps', 'detail'],
      resultPath: '$.end',
      retries: [...trelloStepRetries, ...idpStepRetries, notYetVisible],
    }),
  ).next(finish);

  // 5. The account-wide cut, only after its approval (the sign-in cut is done by now). Verify
  // reads what became of it from the approval record, so no state here marks it.
  const cutAccount = step(
    S.cutAccount,
    'deactivate-idp-user',
    { ...RUN, scope: 'account' },
    ['result', 'userId'],
    '$.idpAccount',
    idpStepRetries,
  ).next(verify);
  const askAccountWide = askAdmin(S.askAccountWide, 'account-deactivation');
  askAccountWide.addCatch(verify, { errors: APPROVAL_ENDS, resultPath: '$.accountWideError' });
  toFinishOnError(askAccountWide).next(cutAccount);
  const accountWide = new sfn.Choice(scope, S.accountWanted)
    .when(
      sfn.Condition.and(
        sfn.Condition.stringEquals('$.begin.idpPlan', 'account'),
        sfn.Condition.booleanEquals('$.begin.run.dryRun', false),
        sfn.Condition.or(
          sfn.Condition.stringEquals('$.cuts.idp.result', 'changed'),
          sfn.Condition.stringEquals('$.cuts.idp.result', 'already'),
        ),
      ),
      askAccountWide,
    )
    .otherwise(verify);

  // 4. Tokens: what APIs allow, then a person for the dashboard-only ones, then count again.
  const verifyTokens = step(
    S.verifyTokens,
    'verify-tokens',
    { ...MEMBER, 'task.$': '$.tokenReview.task', 'review.$': '$.tokenReview' },
    ['revokedByApi', 'deletedByAdmin', 'remaining', 'detail'],
    '$.tokens',
  ).next(accountWide);
  const askTokens = askAdmin(S.askToDeleteTokens, 'delete-tokens');
  // The admin's answer replaces the review's `pending` task; without a task it stays `not-needed`.
  askTokens.addCatch(taskOutcome(S.tokenTaskDeclined, 'rejected').next(verifyTokens), {
    errors: APPROVAL_ENDS,
    resultPath: '$.tokenTaskError',
  });
  toFinishOnError(askTokens).next(taskOutcome(S.tokenTaskDone, 'approved')).next(verifyTokens);
  const reviewTokens = step(
    S.reviewTokens,
    'review-tokens',
    MEMBER,
    ['trelloTokens', 'atlassianRevoked', 'needsAdminTask', 'task'],
    '$.tokenReview',
    [...trelloStepRetries, ...idpStepRetries],
  ).next(
    new sfn.Choice(scope, S.needsTokenTask)
      .when(sfn.Condition.booleanEquals('$.tokenReview.needsAdminTask', true), askTokens)
      .otherwise(verifyTokens),
  );

  // 3. Cut access: both cuts at once, each in its own branch that never fails the other.
  const cutAccess = new sfn.Parallel(scope, S.cutAccess, {
    // Branches see only what they use (state size), and their results are picked by name.
    parameters: { 'begin.$': '$.begin' },
    resultSelector: {
      'trello.$': '$[0].trello',
      'leaver.$': '$[0].leaver',
      'handover.$': '$[0].handover',
      'idp.$': '$[1].idp',
    },
    resultPath: '$.cuts',
  });
  cutAccess.branch(trelloBranch(scope, props), idpBranch(scope, props));
  toFinishOnError(cutAccess).next(reviewTokens);

  const begin = lambdaStep(scope, S.begin, {
    fn: steps['begin-offboarding'],
    payload: { 'detail.$': '$.detail', 'executionName.$': '$$.Execution.Name' },
    resultFields: ['proceed', 'reason', 'run', 'startAt', 'cutClock', 'idpPlan', 'quarantine', 'next'],
    resultPath: '$.begin',
    retries: [beginPersists, recordConflict],
  });
  // Begin's own failure, after its retries. What no later try can change (its input) is recorded
  // from the event and notified at once. Anything else (a starved account, a records outage) is
  // tried again, every BEGIN_RETRY.every for BEGIN_RETRY.tries tries, before it is: a run that ends
  // here leaves its leaver with access. Meanwhile the function's Errors or Throttles alarm is on.
  const beginFailed = lambdaStep(scope, S.beginFailed, {
    fn: steps['finish-offboarding'],
    payload: { 'detail.$': '$.detail', 'executionName.$': '$$.Execution.Name', 'end.$': '$.end' },
    retries: [recordConflict],
  }).next(new sfn.Fail(scope, S.beginFailedEnd, { error: 'OffboardingFailed', causePath: '$.end.Cause' }));
  const retryBegin = new sfn.Choice(scope, S.beginKeepTrying)
    .when(
      sfn.Condition.numberLessThan('$.beginRetry.tries', BEGIN_RETRY.tries),
      new sfn.Wait(scope, S.beginWait, { time: sfn.WaitTime.duration(BEGIN_RETRY.every) }).next(begin),
    )
    .otherwise(beginFailed);
  begin.addCatch(beginFailed, { errors: [ErrorNames.StepInputInvalid], resultPath: '$.end' });
  begin.addCatch(
    // The count starts on the first failure, so a run that never fails pays no state for it.
    new sfn.Choice(scope, S.beginDelayed)
      .when(
        sfn.Condition.isPresent('$.beginRetry.tries'),
        new sfn.Pass(scope, S.beginCountTry, {
          parameters: { 'tries.$': 'States.MathAdd($.beginRetry.tries, 1)' },
          resultPath: '$.beginRetry',
        }).next(retryBegin),
      )
      .otherwise(
        new sfn.Pass(scope, S.beginFirstTry, {
          result: sfn.Result.fromObject({ tries: 1 }),
          resultPath: '$.beginRetry',
        }).next(retryBegin),
      ),
    { errors: [ErrorNames.All], resultPath: '$.end' },
  );
  // 1b. Held by the mass-change guard: wait for an admin; a release runs Begin again (then
  // admitted, the cuts timed from the release), a discard ends the run as never applied.
  const hold = lambdaStep(scope, S.hold, {
    fn: steps['hold-offboarding'],
    payload: {
      ...RUN,
      'batchId.$': '$.begin.quarantine.batchId',
      'opened.$': '$.begin.quarantine.opened',
      taskToken: sfn.JsonPath.taskToken,
    },
    resultPath: '$.release',
    timeout: props.approvalTimeout,
    waitForTaskToken: true,
    retries: [recordConflict],
  });
  toFinishOnError(hold).next(begin);
  const settle = new sfn.Wait(scope, S.settleBatch, {
    time: sfn.WaitTime.duration(props.quarantineSettle ?? Duration.seconds(60)),
  }).next(hold);
  // One Choice on Begin's decision: an effective termination goes straight to the cuts (no Wait
  // state entered), and each state skipped is a transition not billed.
  const next = (value: BeginOffboardingResult['next']) => sfn.Condition.stringEquals('$.begin.next', value);
  return begin.next(
    new sfn.Choice(scope, S.proceed)
      .when(next('cut'), cutAccess)
      .when(
        next('wait'),
        new sfn.Wait(scope, S.waitUntilEffective, {
          time: sfn.WaitTime.timestampPath('$.begin.startAt'),
        }).next(cutAccess),
      )
      .when(next('hold'), hold)
      .when(next('settle'), settle)
      .otherwise(new sfn.Succeed(scope, S.nothingToDo)),
  );
}

/**
 * The Trello branch: the cut first, then the boards. Handing boards over after the deactivation
 * works with the Enterprise admin's token (plan-offboarding.ts says why); a board that cannot be
 * handed over, or a plan that fails, is reported and never fails the branch.
 */
function trelloBranch(scope: Construct, props: OffboardingDefinitionProps): sfn.IChainable {
  const { steps } = props;
  const cut = new AccessCutLoop(scope, 'TrelloCut', {
    cut: 'trello',
    task: lambdaStep(scope, S.deactivateMember, {
      fn: steps['deactivate-member'],
      payload: { ...RUN, 'clock.$': '$.begin.cutClock' },
      resultFields: ['result', 'memberId'],
      resultPath: '$.trello',
      retries: [cutBlip],
    }),
    resultPath: '$.trello',
    gaveUpResult: { result: 'gave-up', memberId: null },
    noteDelay: steps['note-cut-delay'],
    names: S.trelloCutLoop,
  });

  const handOverBoard = lambdaStep(scope, S.handOverBoard, {
    fn: steps['hand-over-board'],
    payload: {
      'run.$': '$.run',
      'board.$': '$.board',
      'leaverId.$': '$.leaverId',
      'successorId.$': '$.successorId',
    },
    resultFields: ['boardId', 'boardName', 'handedOver', 'detail'],
    resultPath: '$',
    retries: trelloStepRetries,
  });
  handOverBoard.addCatch(
    new sfn.Pass(scope, S.handOverFailed, {
      parameters: {
        'boardId.$': '$.board.id',
        'boardName.$': '$.board.name',
        handedOver: false,
        'detail.$': '$.error.Cause',
      },
    }),
    { errors: [ErrorNames.All], resultPath: '$.error' },
  );
  const handOver = new sfn.Map(scope, S.handOverBoards, {
    itemsPath: '$.leaver.boards',
    maxConcurrency: props.handoverConcurrency ?? 4,
    itemSelector: {
      'run.$': '$.begin.run',
      'board.$': '$$.Map.Item.Value',
      'leaverId.$': '$.leaver.memberId',
      'successorId.$': '$.leaver.successorId',
    },
    resultPath: '$.handover',
  });
  handOver.itemProcessor(handOverBoard);

  const plan = lambdaStep(scope, S.plan, {
    fn: steps['plan-offboarding'],
    payload: { ...RUN, 'memberId.$': '$.trello.memberId' },
    resultFields: [
      'memberId',
      'successorId',
      'successorSource',
      'boards',
      'publicBoards',
      'unchecked',
      'handedOver',
    ],
    resultPath: '$.leaver',
    retries: trelloStepRetries,
  });
  const notChecked = new sfn.Pass(scope, S.boardsNotChecked, {
    parameters: {
      'memberId.$': '$.trello.memberId',
      successorId: null,
      successorSource: 'none',
      boards: [],
      publicBoards: [],
      'unchecked.$': '$.boardsError.Cause',
      handedOver: [],
    },
    resultPath: '$.leaver',
  }).next(new sfn.Pass(scope, S.noHandover, { result: sfn.Result.fromArray([]), resultPath: '$.handover' }));
  // RunSuperseded ends the branch (and the run); anything else only leaves the boards unchecked.
  for (const [state, superseded] of [
    [plan, S.planSuperseded],
    [handOver, S.handOverSuperseded],
  ] as const) {
    state.addCatch(new sfn.Fail(scope, superseded, { error: ErrorNames.RunSuperseded }), {
      errors: [ErrorNames.RunSuperseded],
    });
    state.addCatch(notChecked, { errors: [ErrorNames.All], resultPath: '$.boardsError' });
  }
  return cut.next(plan).next(handOver);
}

/** The IdP branch: the sign-in cut (Deactivate IdP Sign-In answers `not-configured` without an IdP). */
function idpBranch(scope: Construct, props: OffboardingDefinitionProps): sfn.IChainable {
  const cut = new AccessCutLoop(scope, 'IdpCut', {
    cut: 'idp',
    task: lambdaStep(scope, S.cutSignIn, {
      fn: props.steps['deactivate-idp-user'],
      payload: { ...RUN, scope: 'sign-in', 'clock.$': '$.begin.cutClock' },
      resultFields: ['result', 'userId'],
      resultPath: '$.idp',
      retries: [cutBlip],
    }),
    resultPath: '$.idp',
    gaveUpResult: { result: 'gave-up', userId: null },
    noteDelay: props.steps['note-cut-delay'],
    names: S.idpCutLoop,
  });
  // Without an IdP the step itself answers `not-configured` (and records it): a Lambda call costs
  // less than the Choice and Pass it replaces, which every run would enter.
  return cut;
}

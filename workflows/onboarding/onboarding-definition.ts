/**
 * The onboarding workflow (DESIGN.md decision tree).
 *
 * Primary course:
 * 1. Begin Onboarding: create the run once, refuse stale/duplicate events, claim the lifecycle.
 * 2. Wait Until Start: `effectiveAt` minus the configured lead.
 * 3. Decide Onboarding Path: read the member by exact email; the core returns the path.
 * 4. Grant Seat (after Reactivate Member for deactivated accounts) or Invite To Workspace.
 * 5. Ensure Workspaces: default + department Workspace (a Workspace whose membership restrictions
 *    refuse the person is passed on as `$.workspaces.refused`, not retried).
 * 6. Verify Onboarding: read back from Trello.
 * 7. Finish Onboarding: record the outcome, release the lifecycle, notify; apply a leave start
 *    recorded while they were not provisioned yet (core/lifecycle/apply-leave.ts).
 *
 * Alternative courses:
 * - Seats exhausted → Ask For Seats (an approval via `.waitForTaskToken`): approved → Grant Seat
 *   again; rejected or expired → finished as not provisioned.
 * - Policy `wait-for-first-login` and no account yet → Wait For First Login / Check First Login
 *   until the person logs in (then decide again) or the wait runs out (not provisioned).
 * - Superseded by a newer event, or any other error → Finish Onboarding records it; errors then
 *   end in Onboarding Failed so alarms see them.
 */
import { type Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import type { WorkflowStepId } from '../../infra/step-catalog.ts';
import { finishStep } from '../shared/finish-step.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import {
  idpStepRetries,
  notYetVisible,
  recordConflict,
  trelloStepRetries,
} from '../shared/retry-policies.ts';
import { OnboardingStates as S } from './onboarding-states.ts';

/** The steps the catalog lists for this workflow (infra/step-catalog.ts): asking for any other fails to compile. */
export type OnboardingStepId = WorkflowStepId<'onboarding'>;

export interface OnboardingDefinitionProps {
  steps: Record<OnboardingStepId, IFunction>;
  /** How long an admin has to decide a seat request. */
  approvalTimeout: Duration;
  /** When wait-for-first-login first looks for the person's account; each wait after doubles… */
  firstLoginPollInterval: Duration;
  /** …up to this (functions/core/onboarding/first-login-backoff.ts). */
  firstLoginMaxPollInterval: Duration;
}

const RUN = { 'run.$': '$.begin.run' };
const MEMBER = { ...RUN, 'memberId.$': '$.decision.memberId' };
const DECISION_FIELDS = ['path', 'memberId', 'reason'] as const;

export function buildOnboardingDefinition(
  scope: Construct,
  props: OnboardingDefinitionProps,
): sfn.IChainable {
  const { steps } = props;

  const finish = finishStep(scope, {
    fn: steps['finish-onboarding'],
    payload: { ...RUN, 'end.$': '$.end' },
    retries: [recordConflict],
    names: S,
    failError: 'OnboardingFailed',
  });

  /** Every working step ends at Finish on any error, carrying `{Error, Cause}` as `$.end`. */
  const toFinishOnError = <T extends sfn.TaskStateBase>(task: T): T => {
    task.addCatch(finish, { errors: [ErrorNames.All], resultPath: '$.end' });
    return task;
  };
  const trelloStep = (
    state: string,
    id: OnboardingStepId,
    payload: Record<string, unknown>,
    fields?: readonly string[],
    resultPath?: string,
  ) =>
    toFinishOnError(
      lambdaStep(scope, state, {
        fn: steps[id],
        payload,
        resultFields: fields,
        resultPath,
        retries: trelloStepRetries,
      }),
    );

  const verify = toFinishOnError(
    lambdaStep(scope, S.verify, {
      fn: steps['verify-onboarding'],
      payload: { ...RUN, 'refused.$': '$.workspaces.refused' },
      resultFields: ['outcome', 'memberId', 'detail', 'gaps'],
      resultPath: '$.end',
      retries: [...trelloStepRetries, notYetVisible],
    }),
  ).next(finish);

  const ensureWorkspaces = trelloStep(
    S.ensureWorkspaces,
    'ensure-workspaces',
    MEMBER,
    ['refused'],
    '$.workspaces',
  ).next(verify);

  /**
   * Every seat taken: the step queues for a seat like any hire (a `seats-exhausted` approval, which
   * admins or the seat loop release in HR order), then tries again. Catchers run in order and
   * States.ALL must come last, so the step's own catch goes first.
   */
  const withSeatQueue = (task: sfn.TaskStateBase, names: { count: string; ask: string }) => {
    const ask = lambdaStep(scope, names.ask, {
      fn: steps['ask-for-seats'],
      payload: { ...RUN, 'attempt.$': '$.seatRequests.attempt', taskToken: sfn.JsonPath.taskToken },
      resultFields: ['decision', 'approvalId'],
      resultPath: '$.approval',
      timeout: props.approvalTimeout,
      waitForTaskToken: true,
      retries: [recordConflict],
    });
    ask.addCatch(finish, {
      errors: [ErrorNames.ApprovalRejected, ErrorNames.ApprovalExpired, ErrorNames.Timeout],
      resultPath: '$.end',
    });
    toFinishOnError(ask);
    const count = new sfn.Pass(scope, names.count, {
      parameters: { 'attempt.$': 'States.MathAdd($.seatRequests.attempt, 1)' },
      resultPath: '$.seatRequests',
    });
    task.addCatch(count.next(ask.next(task)), {
      errors: [ErrorNames.SeatsExhausted],
      resultPath: '$.seatError',
    });
    return toFinishOnError(task);
  };

  const grant = withSeatQueue(
    lambdaStep(scope, S.grant, { fn: steps['grant-seat'], payload: MEMBER, retries: trelloStepRetries }),
    { count: S.countSeatRequest, ask: S.askForSeats },
  );
  grant.next(ensureWorkspaces);

  const reactivate = trelloStep(S.reactivate, 'reactivate-member', MEMBER).next(grant);
  // Inviting someone Trello does not know takes a seat too: the same queue when none is free.
  const invite = withSeatQueue(
    lambdaStep(scope, S.invite, {
      fn: steps['invite-to-workspace'],
      payload: RUN,
      resultFields: DECISION_FIELDS,
      resultPath: '$.decision',
      retries: trelloStepRetries,
    }),
    { count: S.countInviteSeatRequest, ask: S.askForSeatsToInvite },
  ).next(ensureWorkspaces);

  const decide = trelloStep(S.decide, 'decide-onboarding-path', RUN, DECISION_FIELDS, '$.decision');
  // Each check says how long the next wait is (backing off); the first wait is set once here.
  const firstWaitSeconds = props.firstLoginPollInterval.toSeconds();
  const waitForFirstLogin = new sfn.Wait(scope, S.waitForFirstLogin, {
    time: sfn.WaitTime.secondsPath('$.firstLogin.waitSeconds'),
  });
  const startWaiting = new sfn.Pass(scope, S.startWaitingForLogin, {
    result: sfn.Result.fromObject({ status: 'waiting', waitSeconds: firstWaitSeconds }),
    resultPath: '$.firstLogin',
  }).next(waitForFirstLogin);
  const checkFirstLogin = trelloStep(
    S.checkFirstLogin,
    'check-first-login',
    {
      ...RUN,
      'deadline.$': '$.begin.firstLoginDeadline',
      'waitedSeconds.$': '$.firstLogin.waitSeconds',
      firstWaitSeconds,
      maxWaitSeconds: props.firstLoginMaxPollInterval.toSeconds(),
    },
    ['status', 'waitSeconds'],
    '$.firstLogin',
  );
  const giveUp = new sfn.Pass(scope, S.giveUpWaiting, {
    result: sfn.Result.fromObject({ gaveUp: true }),
    resultPath: '$.end',
  }).next(finish);
  waitForFirstLogin
    .next(checkFirstLogin)
    .next(
      new sfn.Choice(scope, S.hasLoggedIn)
        .when(sfn.Condition.stringEquals('$.firstLogin.status', 'logged-in'), decide)
        .when(sfn.Condition.stringEquals('$.firstLogin.status', 'gave-up'), giveUp)
        .otherwise(waitForFirstLogin),
    );

  decide.next(
    new sfn.Choice(scope, S.choosePath)
      .when(sfn.Condition.stringEquals('$.decision.path', 'ensure-workspaces'), ensureWorkspaces)
      .when(sfn.Condition.stringEquals('$.decision.path', 'grant'), grant)
      .when(sfn.Condition.stringEquals('$.decision.path', 'reactivate-and-grant'), reactivate)
      .when(sfn.Condition.stringEquals('$.decision.path', 'invite'), invite)
      .when(sfn.Condition.stringEquals('$.decision.path', 'wait-for-first-login'), startWaiting)
      .otherwise(
        new sfn.Fail(scope, 'Unknown Onboarding Path', {
          error: 'UnknownOnboardingPath',
          causePath: '$.decision.path',
        }),
      ),
  );

  const restoreIdp = toFinishOnError(
    lambdaStep(scope, S.restoreIdp, {
      fn: steps['restore-idp-user'],
      payload: RUN,
      retries: idpStepRetries,
    }),
  );

  const begin = lambdaStep(scope, S.begin, {
    fn: steps['begin-onboarding'],
    payload: { 'detail.$': '$.detail', 'executionName.$': '$$.Execution.Name' },
    resultFields: ['proceed', 'reason', 'run', 'startAt', 'firstLoginDeadline', 'rehire'],
    resultPath: '$.begin',
    retries: [recordConflict],
  });

  return new sfn.Pass(scope, S.initialize, {
    result: sfn.Result.fromObject({ attempt: 0 }),
    resultPath: '$.seatRequests',
  })
    .next(begin)
    .next(
      new sfn.Choice(scope, S.proceed)
        .when(
          sfn.Condition.booleanEquals('$.begin.proceed', true),
          new sfn.Wait(scope, S.waitUntilStart, { time: sfn.WaitTime.timestampPath('$.begin.startAt') }).next(
            new sfn.Choice(scope, S.rehire)
              .when(sfn.Condition.booleanEquals('$.begin.rehire', true), restoreIdp.next(decide))
              .otherwise(decide),
          ),
        )
        .otherwise(new sfn.Succeed(scope, S.nothingToDo)),
    );
}

/**
 * The offboarding workflow (issue 5; DESIGN.md "Offboarding").
 *
 * Primary course:
 * 1. Begin Offboarding: create the run once, refuse stale/duplicate events, claim the lifecycle,
 *    stop an onboarding still in flight for the same person.
 * 2. Wait Until Effective: `effectiveAt`, or at once when it is past or the termination is urgent.
 * 3. Plan Offboarding: the Trello member, sole-admin boards and a successor, public boards, seats.
 * 4. Hand Over Boards: inline Map, a few boards at a time (each a paced Trello write + read-back).
 * 5. Deactivate Member: frees the seat; read back.
 * 6. Review Tokens → (Ask Admin To Delete Tokens) → Verify Tokens: revoke what APIs allow, ask a
 *    person for what only the Enterprise dashboard can do, count again; never claim more.
 * 7. Deactivate IdP Sign-In, then — only when configured and approved with its blast radius —
 *    Deactivate IdP Account.
 * 8. Verify Offboarding (read-back and report) → Finish Offboarding (record, release, notify).
 *
 * Alternative courses: the token task declined or expired → Verify Tokens records the tokens as
 * remaining; account-wide deactivation rejected or expired → the account stays, recorded;
 * superseded or any error → Finish records it; errors end in Offboarding Failed for the alarms.
 */
import { Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import { finishStep } from '../shared/finish-step.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import {
  idpStepRetries,
  notYetVisible,
  recordConflict,
  trelloStepRetries,
} from '../shared/retry-policies.ts';
import { OffboardingStates as S } from './offboarding-states.ts';

export type OffboardingStepId =
  | 'begin-offboarding'
  | 'plan-offboarding'
  | 'hand-over-board'
  | 'deactivate-member'
  | 'review-tokens'
  | 'verify-tokens'
  | 'deactivate-idp-user'
  | 'verify-offboarding'
  | 'finish-offboarding'
  | 'ask-offboarding-approval';

export interface OffboardingDefinitionProps {
  steps: Record<OffboardingStepId, IFunction>;
  /** How long an admin has for the token task and the account-wide approval. */
  approvalTimeout: Duration;
  /** Boards handed over at once: each is a paced write and a read-back. @default 4 */
  handoverConcurrency?: number;
}

const RUN = { 'run.$': '$.begin.run' };
const MEMBER = { ...RUN, 'memberId.$': '$.leaver.memberId' };
const APPROVAL_ENDS = [ErrorNames.ApprovalRejected, ErrorNames.ApprovalExpired, ErrorNames.Timeout];

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
  const toFinishOnError = <T extends sfn.TaskStateBase | sfn.Map>(state: T): T => {
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
  const mark = (state: string, path: string, value: Record<string, unknown>) =>
    new sfn.Pass(scope, state, { result: sfn.Result.fromObject(value), resultPath: path });

  const verify = toFinishOnError(
    lambdaStep(scope, S.verify, {
      fn: steps['verify-offboarding'],
      payload: {
        ...RUN,
        'leaver.$': '$.leaver',
        'handover.$': '$.handover',
        'member.$': '$.member',
        'tokens.$': '$.tokens',
        'idp.$': '$.idp',
        'accountWide.$': '$.accountWide.value',
      },
      resultFields: ['outcome', 'gaps', 'detail'],
      resultPath: '$.end',
      retries: [...trelloStepRetries, ...idpStepRetries, notYetVisible],
    }),
  ).next(finish);

  // 7. Identity provider: the sign-in cut, then the account-wide cut only after its approval.
  const notAsked = mark(S.accountNotAsked, '$.accountWide', { value: 'not-asked' }).next(verify);
  const cutAccount = step(
    S.cutAccount,
    'deactivate-idp-user',
    { ...RUN, scope: 'account' },
    ['result', 'userId'],
    '$.idpAccount',
    idpStepRetries,
  )
    .next(mark(S.accountApproved, '$.accountWide', { value: 'approved' }))
    .next(verify);
  const askAccountWide = askAdmin(S.askAccountWide, 'account-deactivation');
  askAccountWide.addCatch(mark(S.accountRejected, '$.accountWide', { value: 'rejected' }).next(verify), {
    errors: APPROVAL_ENDS,
    resultPath: '$.accountWideError',
  });
  toFinishOnError(askAccountWide).next(cutAccount);
  const cutSignIn = step(
    S.cutSignIn,
    'deactivate-idp-user',
    { ...RUN, scope: 'sign-in' },
    ['result', 'userId'],
    '$.idp',
    idpStepRetries,
  ).next(
    new sfn.Choice(scope, S.accountWanted)
      .when(
        sfn.Condition.and(
          sfn.Condition.stringEquals('$.begin.idpPlan', 'account'),
          sfn.Condition.booleanEquals('$.begin.run.dryRun', false),
          sfn.Condition.or(
            sfn.Condition.stringEquals('$.idp.result', 'changed'),
            sfn.Condition.stringEquals('$.idp.result', 'already'),
          ),
        ),
        askAccountWide,
      )
      .otherwise(notAsked),
  );
  const idp = new sfn.Choice(scope, S.idpPlan)
    .when(
      sfn.Condition.stringEquals('$.begin.idpPlan', 'none'),
      mark(S.noIdp, '$.idp', { result: 'not-configured', userId: null }).next(notAsked),
    )
    .otherwise(cutSignIn);

  // 6. Tokens: what APIs allow, then a person for the dashboard-only ones, then count again.
  const verifyTokens = step(
    S.verifyTokens,
    'verify-tokens',
    { ...MEMBER, 'task.$': '$.tokenTask.task', 'review.$': '$.tokenReview' },
    ['revokedByApi', 'deletedByAdmin', 'remaining', 'detail'],
    '$.tokens',
  ).next(idp);
  const askTokens = askAdmin(S.askToDeleteTokens, 'delete-tokens');
  askTokens.addCatch(mark(S.tokenTaskDeclined, '$.tokenTask', { task: 'rejected' }).next(verifyTokens), {
    errors: APPROVAL_ENDS,
    resultPath: '$.tokenTaskError',
  });
  toFinishOnError(askTokens)
    .next(mark(S.tokenTaskDone, '$.tokenTask', { task: 'approved' }))
    .next(verifyTokens);
  const reviewTokens = step(
    S.reviewTokens,
    'review-tokens',
    MEMBER,
    ['trelloTokens', 'atlassianRevoked', 'needsAdminTask'],
    '$.tokenReview',
    [...trelloStepRetries, ...idpStepRetries],
  ).next(
    new sfn.Choice(scope, S.needsTokenTask)
      .when(sfn.Condition.booleanEquals('$.tokenReview.needsAdminTask', true), askTokens)
      .otherwise(mark(S.noTokenTask, '$.tokenTask', { task: 'not-needed' }).next(verifyTokens)),
  );

  // 4–5. Boards first (no board left without an admin), then the member.
  const deactivate = step(S.deactivateMember, 'deactivate-member', MEMBER, ['result'], '$.member', [
    ...trelloStepRetries,
    notYetVisible,
  ]).next(reviewTokens);
  const handOver = toFinishOnError(
    new sfn.Map(scope, S.handOverBoards, {
      itemsPath: '$.leaver.boards',
      maxConcurrency: props.handoverConcurrency ?? 4,
      itemSelector: {
        'run.$': '$.begin.run',
        'board.$': '$$.Map.Item.Value',
        'leaverId.$': '$.leaver.memberId',
        'successorId.$': '$.leaver.successorId',
      },
      resultPath: '$.handover',
    }),
  );
  handOver.itemProcessor(
    lambdaStep(scope, S.handOverBoard, {
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
    }),
  );
  handOver.next(deactivate);

  const plan = step(
    S.plan,
    'plan-offboarding',
    RUN,
    [
      'memberId',
      'deactivated',
      'successorId',
      'successorSource',
      'boards',
      'publicBoards',
      'seatsUsedBefore',
    ],
    '$.leaver',
    trelloStepRetries,
  ).next(handOver);

  const begin = lambdaStep(scope, S.begin, {
    fn: steps['begin-offboarding'],
    payload: { 'detail.$': '$.detail', 'executionName.$': '$$.Execution.Name' },
    resultFields: ['proceed', 'reason', 'run', 'startAt', 'idpPlan'],
    resultPath: '$.begin',
    timeout: Duration.seconds(30),
    retries: [recordConflict],
  });
  return begin.next(
    new sfn.Choice(scope, S.proceed)
      .when(
        sfn.Condition.booleanEquals('$.begin.proceed', true),
        new sfn.Wait(scope, S.waitUntilEffective, {
          time: sfn.WaitTime.timestampPath('$.begin.startAt'),
        }).next(plan),
      )
      .otherwise(new sfn.Succeed(scope, S.nothingToDo)),
  );
}

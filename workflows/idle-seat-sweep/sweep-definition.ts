/**
 * The idle-seat sweep (issue 6).
 * 1. Begin Sweep: the sweep and its run, the cutoff day, seats in use before.
 * 2. List Idle Members, one page (100 members) per Lambda call, looping on Trello's cursor.
 * 3. By mode: `report` (or a dry run) ends here, nothing changed; `approve` asks one approval for
 *    the batch (the approver may drop people first); `auto` goes straight on.
 * 4. Reclaim Seats, a batch per call until no candidate is left (each re-checked, revoked, read back).
 * 5. Finish Sweep: tally, seats after, notify.
 *
 * History budget (Step Functions allows 25,000 events per execution): a loop turn is a Lambda Task
 * (5 events) and a Choice (2). Listing 100,000 licensed members is 1,000 pages = 7,000 events;
 * reclaiming all of them in batches of 100 (RECLAIM_BATCH) is 1,000 more turns = 7,000: about
 * 14,000 in all, inside the limit without child executions. (An inline Map per member would cost
 * ~5 events each — 500,000 — and a batch of 100 is ~300 paced Trello calls, ~30 s at the
 * per-token limit, well inside the Lambda timeout.)
 */
import { Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import { finishStep } from '../shared/finish-step.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import { recordConflict, trelloStepRetries } from '../shared/retry-policies.ts';
import { SweepStates as S } from './sweep-states.ts';

export type SweepStepId =
  | 'begin-sweep'
  | 'list-idle-members'
  | 'ask-sweep-approval'
  | 'reclaim-seats'
  | 'finish-sweep';

export interface SweepDefinitionProps {
  steps: Record<SweepStepId, IFunction>;
  approvalTimeout: Duration;
}

const SWEEP = { 'sweep.$': '$.begin.sweep' };

export function buildSweepDefinition(scope: Construct, props: SweepDefinitionProps): sfn.IChainable {
  const { steps } = props;
  const finish = finishStep(scope, {
    fn: steps['finish-sweep'],
    payload: { ...SWEEP, 'end.$': '$.end' },
    retries: trelloStepRetries,
    names: S,
    failError: 'SweepFailed',
    timeout: Duration.seconds(120),
  });
  const toFinishOnError = <T extends sfn.TaskStateBase>(task: T): T => {
    task.addCatch(finish, { errors: [ErrorNames.All], resultPath: '$.end' });
    return task;
  };
  const end = (state: string, decision: 'report' | 'reclaimed') =>
    new sfn.Pass(scope, state, { result: sfn.Result.fromObject({ decision }), resultPath: '$.end' }).next(
      finish,
    );

  const reclaim = toFinishOnError(
    lambdaStep(scope, S.reclaim, {
      fn: steps['reclaim-seats'],
      payload: SWEEP,
      resultFields: ['done', 'reclaimed'],
      resultPath: '$.reclaim',
      timeout: Duration.seconds(300),
      retries: trelloStepRetries,
    }),
  );
  reclaim.next(
    new sfn.Choice(scope, S.moreToReclaim)
      .when(sfn.Condition.booleanEquals('$.reclaim.done', true), end(S.reclaimed, 'reclaimed'))
      .otherwise(reclaim),
  );

  const ask = lambdaStep(scope, S.ask, {
    fn: steps['ask-sweep-approval'],
    payload: { ...SWEEP, taskToken: sfn.JsonPath.taskToken },
    timeout: props.approvalTimeout,
    waitForTaskToken: true,
    retries: [recordConflict],
  });
  toFinishOnError(ask).next(reclaim);

  const list = toFinishOnError(
    lambdaStep(scope, S.list, {
      fn: steps['list-idle-members'],
      payload: { ...SWEEP, 'cursor.$': '$.listing.cursor' },
      resultFields: ['cursor', 'done', 'listed'],
      resultPath: '$.listing',
      timeout: Duration.seconds(120),
      retries: trelloStepRetries,
    }),
  );
  list.next(
    new sfn.Choice(scope, S.moreToList)
      .when(sfn.Condition.booleanEquals('$.listing.done', false), list)
      .otherwise(
        new sfn.Choice(scope, S.mode)
          .when(
            sfn.Condition.or(
              sfn.Condition.booleanEquals('$.begin.sweep.dryRun', true),
              sfn.Condition.stringEquals('$.begin.sweep.mode', 'report'),
            ),
            end(S.report, 'report'),
          )
          .when(sfn.Condition.stringEquals('$.begin.sweep.mode', 'approve'), ask)
          .otherwise(reclaim),
      ),
  );

  const begin = lambdaStep(scope, S.begin, {
    fn: steps['begin-sweep'],
    payload: { 'request.$': '$', 'executionName.$': '$$.Execution.Name' },
    resultFields: ['sweep', 'proceed'],
    resultPath: '$.begin',
    timeout: Duration.seconds(30),
    retries: trelloStepRetries,
  });
  return begin.next(
    new sfn.Choice(scope, S.proceed)
      .when(
        sfn.Condition.booleanEquals('$.begin.proceed', true),
        new sfn.Pass(scope, S.startListing, {
          result: sfn.Result.fromObject({ cursor: null, done: false }),
          resultPath: '$.listing',
        }).next(list),
      )
      .otherwise(new sfn.Succeed(scope, S.nothingToDo)),
  );
}

/**
 * The idle-seat sweep (issue 6).
 * 1. Begin Sweep: the sweep and its run, the cutoff day, seats in use before.
 * 2. List Idle Members, pages of 100 members for up to 30 s per Lambda call, looping on Trello's cursor.
 * 3. By mode: `report` (or a dry run) ends here, nothing changed; `approve` asks one approval for
 *    the batch (the approver may drop people first); `ask-first` mails each idle member a "keep my
 *    seat" link and waits until the answer deadline; `auto` goes straight on. Auto and ask-first
 *    then pass Guard Reclaims: past the mass-change guard's limit they ask the same approval.
 * 4. Reclaim Seats, pages for up to 60 s per call, looping on the cursor: the listing's query
 *    asked again is the re-check; candidates still on it are revoked (the write's answer is the
 *    read-back), the next page fetched while the last writes of this one are queued.
 * 5. Re-check Candidates, a batch per call: the candidates the re-listing did not show, looked up
 *    one by one (most changed since the listing and are skipped).
 * 6. Finish Sweep: tally, seats after, notify.
 *
 * Calls: ⌈N/100⌉ pages to list, as many to re-list, and one write per reclaim — against a floor of
 * the first and the last, that is ≤ 1 + 1/101 of it (bench/idle-seat-sweep.ts measures the time).
 * History budget (Step Functions allows 25,000 events per execution): a loop turn is a Lambda Task
 * (5 events) and a Choice (2), and turns are time-boxed, not per page. At Trello's real rate a
 * Reclaim Seats call covers ~6 pages (600 members), so 100,000 idle members are ~170 turns, about
 * 1,200 events; even one turn per page (1,000 + 1,000 pages, 14,000 events) would fit. No child
 * executions needed. (An inline Map per member would cost ~5 events each — 500,000.)
 */
import { type Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import type { WorkflowStepId } from '../../infra/step-catalog.ts';
import { finishStep } from '../shared/finish-step.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import {
  mailUnavailable,
  recordConflict,
  recordingPersists,
  trelloStepRetries,
} from '../shared/retry-policies.ts';
import { SweepStates as S } from './sweep-states.ts';

/** The steps the catalog lists for this workflow (infra/step-catalog.ts): asking for any other fails to compile. */
export type SweepStepId = WorkflowStepId<'idle-seat-sweep'>;

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
  });
  const toFinishOnError = <T extends sfn.TaskStateBase>(task: T): T => {
    task.addCatch(finish, { errors: [ErrorNames.All], resultPath: '$.end' });
    return task;
  };
  const end = (state: string, decision: 'report' | 'reclaimed') =>
    new sfn.Pass(scope, state, { result: sfn.Result.fromObject({ decision }), resultPath: '$.end' }).next(
      finish,
    );

  const recheck = toFinishOnError(
    lambdaStep(scope, S.recheck, {
      fn: steps['recheck-candidates'],
      payload: SWEEP,
      resultFields: ['done', 'reclaimed'],
      resultPath: '$.recheck',
      retries: trelloStepRetries,
    }),
  );
  recheck.next(
    new sfn.Choice(scope, S.moreToRecheck)
      .when(sfn.Condition.booleanEquals('$.recheck.done', true), end(S.reclaimed, 'reclaimed'))
      .otherwise(recheck),
  );

  const reclaim = toFinishOnError(
    lambdaStep(scope, S.reclaim, {
      fn: steps['reclaim-seats'],
      payload: { ...SWEEP, 'cursor.$': '$.reclaim.cursor' },
      resultFields: ['cursor', 'done', 'reclaimed'],
      resultPath: '$.reclaim',
      retries: trelloStepRetries,
    }),
  );
  reclaim.next(
    new sfn.Choice(scope, S.moreToReclaim)
      .when(sfn.Condition.booleanEquals('$.reclaim.done', false), reclaim)
      .otherwise(recheck),
  );
  const startReclaim = firstPage(scope, S.startReclaim, '$.reclaim', reclaim);

  const ask = lambdaStep(scope, S.ask, {
    fn: steps['ask-sweep-approval'],
    payload: { ...SWEEP, taskToken: sfn.JsonPath.taskToken },
    timeout: props.approvalTimeout,
    waitForTaskToken: true,
    retries: [recordConflict],
  });
  toFinishOnError(ask).next(startReclaim);

  // Auto and ask-first reclaim without a person, so the mass-change guard looks at the batch first.
  const guard = toFinishOnError(
    lambdaStep(scope, S.guard, {
      fn: steps['guard-reclaims'],
      payload: SWEEP,
      resultFields: ['held', 'candidates'],
      resultPath: '$.guard',
      retries: [recordConflict],
    }),
  );
  guard.next(
    new sfn.Choice(scope, S.heldByGuard)
      .when(sfn.Condition.booleanEquals('$.guard.held', true), ask)
      .otherwise(startReclaim),
  );

  // Ask-first: every idle member is asked; after the deadline, those who did not answer "keep"
  // are reclaimed like any candidate (the answers moved the others out of the candidates).
  const askMembers = toFinishOnError(
    lambdaStep(scope, S.askMembers, {
      fn: steps['ask-idle-members'],
      payload: { ...SWEEP, 'cursor.$': '$.asking.cursor' },
      resultFields: ['cursor', 'done', 'asked'],
      resultPath: '$.asking',
      retries: [mailUnavailable, recordConflict],
    }),
  );
  askMembers.next(
    new sfn.Choice(scope, S.moreToAsk)
      .when(sfn.Condition.booleanEquals('$.asking.done', false), askMembers)
      .otherwise(
        new sfn.Wait(scope, S.waitForAnswers, {
          time: sfn.WaitTime.timestampPath('$.begin.sweep.answerBy'),
        }).next(guard),
      ),
  );
  const startAsking = firstPage(scope, S.startAsking, '$.asking', askMembers);

  const list = toFinishOnError(
    lambdaStep(scope, S.list, {
      fn: steps['list-idle-members'],
      payload: { ...SWEEP, 'cursor.$': '$.listing.cursor' },
      resultFields: ['cursor', 'done', 'listed'],
      resultPath: '$.listing',
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
          .when(sfn.Condition.stringEquals('$.begin.sweep.mode', 'ask-first'), startAsking)
          .otherwise(guard),
      ),
  );

  const begin = lambdaStep(scope, S.begin, {
    fn: steps['begin-sweep'],
    payload: { 'request.$': '$', 'executionName.$': '$$.Execution.Name' },
    resultFields: ['sweep', 'proceed'],
    resultPath: '$.begin',
    // It created the run, which nothing else would record if it failed now.
    retries: [recordingPersists, ...trelloStepRetries],
  });
  return begin.next(
    new sfn.Choice(scope, S.proceed)
      .when(
        sfn.Condition.booleanEquals('$.begin.proceed', true),
        firstPage(scope, S.startListing, '$.listing', list),
      )
      .otherwise(new sfn.Succeed(scope, S.nothingToDo)),
  );
}

/** Starts a page loop: no cursor yet, not done. */
function firstPage(scope: Construct, name: string, resultPath: string, loop: sfn.IChainable): sfn.Pass {
  const start = new sfn.Pass(scope, name, {
    result: sfn.Result.fromObject({ cursor: null, done: false }),
    resultPath,
  });
  start.next(loop);
  return start;
}

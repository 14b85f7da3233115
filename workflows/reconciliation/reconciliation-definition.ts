/**
 * The drift reconciliation (issue 16).
 * 1. Begin Reconciliation: the reconciliation and its run, seats in use, the start audited.
 * 2. Read Trello Members, pages of the Enterprise's members query (its licensed and its
 *    deactivated pass at once, each on its own cursor) for up to 30 s per Lambda call, looping
 *    until both end: the Trello-side findings, with the IdP asked about deactivated members.
 * 3. Check People, a page per call: the people directory (every person record, with a run or
 *    not: the leavers asked of the IdP, the hires looked for among the members read), then the
 *    rows of the HR export when an admin gave one (HR's leavers and hires, against the same).
 * 4. Plan Fixes: `report` mode (the default), or nothing to fix, ends here — nothing changed.
 *    `approve` asks one approval for the fixes; `auto` applies them unless the mass-change guard
 *    holds the batch, which then asks the same approval.
 * 5. Apply Fixes, a batch per call: offboardings and onboardings through the HR-event door, seat
 *    reclaims as the sweep revokes them.
 * 6. Finish Reconciliation: tally, the counts audited, notify.
 * Alternative courses: a rejected or expired approval ends with nothing changed; any failure goes
 * to Finish Reconciliation, which records it and ends in the Fail state.
 *
 * Calls: ⌈licensed/100⌉ + ⌈deactivated/100⌉ member pages (the Trello floor of the reading), one IdP
 * read per deactivated member and per leaver (Lanyard's or HR's), none to Trello per person. The
 * HR export lives in the records table: the state carries its row count, never its rows. History budget as the
 * sweep's: loop turns are time-boxed, not per page.
 */
import { type Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import type { WorkflowStepId } from '../../infra/step-catalog.ts';
import { finishStep } from '../shared/finish-step.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import {
  idpBusy,
  idpRateLimited,
  idpStepRetries,
  idpUnavailable,
  recordConflict,
  recordingPersists,
  trelloStepRetries,
} from '../shared/retry-policies.ts';
import { ReconciliationStates as S } from './reconciliation-states.ts';

/** The steps the catalog lists for this workflow (infra/step-catalog.ts): asking for any other fails to compile. */
export type ReconciliationStepId = WorkflowStepId<'reconciliation'>;

export interface ReconciliationDefinitionProps {
  steps: Record<ReconciliationStepId, IFunction>;
  approvalTimeout: Duration;
}

const RECONCILIATION = { 'reconciliation.$': '$.begin.reconciliation' };

export function buildReconciliationDefinition(
  scope: Construct,
  props: ReconciliationDefinitionProps,
): sfn.IChainable {
  const { steps } = props;
  const finish = finishStep(scope, {
    fn: steps['finish-reconciliation'],
    payload: { ...RECONCILIATION, 'end.$': '$.end' },
    retries: trelloStepRetries,
    names: S,
    failError: 'ReconciliationFailed',
  });
  const toFinishOnError = <T extends sfn.TaskStateBase>(task: T): T => {
    task.addCatch(finish, { errors: [ErrorNames.All], resultPath: '$.end' });
    return task;
  };
  const end = (state: string, decision: 'report' | 'fixed') =>
    new sfn.Pass(scope, state, { result: sfn.Result.fromObject({ decision }), resultPath: '$.end' }).next(
      finish,
    );

  const fix = toFinishOnError(
    lambdaStep(scope, S.fix, {
      fn: steps['apply-fixes'],
      payload: RECONCILIATION,
      resultFields: ['done', 'fixed'],
      resultPath: '$.fixing',
      retries: trelloStepRetries,
    }),
  );
  fix.next(
    new sfn.Choice(scope, S.moreToFix)
      .when(sfn.Condition.booleanEquals('$.fixing.done', false), fix)
      .otherwise(end(S.fixed, 'fixed')),
  );

  const ask = lambdaStep(scope, S.ask, {
    fn: steps['ask-fix-approval'],
    payload: { ...RECONCILIATION, taskToken: sfn.JsonPath.taskToken },
    timeout: props.approvalTimeout,
    waitForTaskToken: true,
    retries: [recordConflict],
  });
  toFinishOnError(ask).next(fix);

  const plan = toFinishOnError(
    lambdaStep(scope, S.plan, {
      fn: steps['plan-fixes'],
      payload: RECONCILIATION,
      resultFields: ['next', 'fixes'],
      resultPath: '$.plan',
      retries: [recordConflict],
    }),
  );
  plan.next(
    new sfn.Choice(scope, S.next)
      .when(sfn.Condition.stringEquals('$.plan.next', 'ask'), ask)
      .when(sfn.Condition.stringEquals('$.plan.next', 'fix'), fix)
      .otherwise(end(S.report, 'report')),
  );

  const check = toFinishOnError(
    lambdaStep(scope, S.check, {
      fn: steps['check-people'],
      payload: { ...RECONCILIATION, 'pass.$': '$.people.pass', 'cursor.$': '$.people.cursor' },
      resultFields: ['pass', 'cursor', 'done', 'checked'],
      resultPath: '$.people',
      retries: idpStepRetries,
    }),
  );
  check.next(
    new sfn.Choice(scope, S.moreToCheck)
      .when(sfn.Condition.booleanEquals('$.people.done', false), check)
      .otherwise(plan),
  );
  const startChecking = new sfn.Pass(scope, S.startChecking, {
    result: sfn.Result.fromObject({ pass: 'people', cursor: null, done: false }),
    resultPath: '$.people',
  });
  startChecking.next(check);

  const read = toFinishOnError(
    lambdaStep(scope, S.read, {
      fn: steps['read-trello-members'],
      payload: {
        ...RECONCILIATION,
        'licensed.$': '$.reading.licensed',
        'deactivated.$': '$.reading.deactivated',
      },
      resultFields: ['licensed', 'deactivated', 'done', 'read'],
      resultPath: '$.reading',
      retries: [...trelloStepRetries, idpRateLimited, idpBusy, idpUnavailable],
    }),
  );
  read.next(
    new sfn.Choice(scope, S.moreToRead)
      .when(sfn.Condition.booleanEquals('$.reading.done', false), read)
      .otherwise(startChecking),
  );
  const startReading = new sfn.Pass(scope, S.startReading, {
    result: sfn.Result.fromObject({
      licensed: { cursor: null, done: false },
      deactivated: { cursor: null, done: false },
      done: false,
    }),
    resultPath: '$.reading',
  });
  startReading.next(read);

  const begin = lambdaStep(scope, S.begin, {
    fn: steps['begin-reconciliation'],
    payload: { 'request.$': '$', 'executionName.$': '$$.Execution.Name' },
    resultFields: ['reconciliation', 'proceed'],
    resultPath: '$.begin',
    // It created the run, which nothing else would record if it failed now.
    retries: [recordingPersists, ...trelloStepRetries],
  });
  return begin.next(
    new sfn.Choice(scope, S.proceed)
      .when(sfn.Condition.booleanEquals('$.begin.proceed', true), startReading)
      .otherwise(new sfn.Succeed(scope, S.nothingToDo)),
  );
}

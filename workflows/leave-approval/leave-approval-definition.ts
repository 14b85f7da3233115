/**
 * The approval before a leave of absence's change (deploy config `leaveApproval`; started by
 * Apply Profile Event for a leave start, input `{ detail: <the HR event> }`).
 * 1. Ask Leave Approval (.waitForTaskToken): the approval recorded, admins notified; the wait
 *    ends when an admin decides, when a leave end or a termination withdraws it, or at the
 *    approval timeout.
 * 2. Settle Leave Approval: approved → the policy's change, made as the leave's run while the
 *    person is still on that leave; anything else → the run ends with nothing changed.
 * Alternative courses: every way the wait ends without an approval (rejected, withdrawn, timed
 * out, the ask failing) is caught and settled the same way, so the run always ends recorded.
 */
import { type Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import type { WorkflowStepId } from '../../infra/step-catalog.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import {
  idpBusy,
  idpRateLimited,
  idpUnavailable,
  recordConflict,
  trelloStepRetries,
} from '../shared/retry-policies.ts';
import { LeaveApprovalStates as S } from './leave-approval-states.ts';

/** The steps the catalog lists for this workflow (infra/step-catalog.ts): asking for any other fails to compile. */
export type LeaveApprovalStepId = WorkflowStepId<'leave-approval'>;

export interface LeaveApprovalDefinitionProps {
  steps: Record<LeaveApprovalStepId, IFunction>;
  approvalTimeout: Duration;
}

export function buildLeaveApprovalDefinition(
  scope: Construct,
  props: LeaveApprovalDefinitionProps,
): sfn.IChainable {
  const { steps } = props;
  const settle = lambdaStep(scope, S.settle, {
    fn: steps['settle-leave-approval'],
    payload: { 'detail.$': '$.detail', 'decision.$': '$.decision' },
    retries: [...trelloStepRetries, idpRateLimited, idpBusy, idpUnavailable],
  });
  settle.next(new sfn.Succeed(scope, S.settled));
  const ask = lambdaStep(scope, S.ask, {
    fn: steps['ask-leave-approval'],
    payload: { 'detail.$': '$.detail', taskToken: sfn.JsonPath.taskToken },
    resultFields: ['decision', 'approvalId', 'decidedBy', 'comment'],
    resultPath: '$.decision',
    timeout: props.approvalTimeout,
    waitForTaskToken: true,
    retries: [recordConflict],
  });
  ask.addCatch(settle, { errors: [ErrorNames.All], resultPath: '$.decision' });
  return ask.next(settle);
}

import type { aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ReconciliationMode } from '../../functions/core/model/reconciliation-vocabulary.ts';
import { WorkflowSchedule } from './workflow-schedule.ts';

export interface ReconciliationScheduleProps {
  stateMachine: sfn.IStateMachine;
  expression: string;
  mode: ReconciliationMode;
  /** The schedule group whose metrics the alarms watch (a literal name). */
  groupName: string;
  /** Where Scheduler puts a firing it could not deliver (after its retries). */
  deadLetterQueue: IQueue;
}

/** Runs the drift reconciliation on a schedule (a {@link WorkflowSchedule}; default daily). */
export class ReconciliationSchedule extends WorkflowSchedule {
  constructor(scope: Construct, id: string, props: ReconciliationScheduleProps) {
    super(scope, id, {
      ...props,
      description: `Lanyard drift reconciliation (${props.mode})`,
      input: { mode: props.mode, requestedBy: 'schedule' },
    });
  }
}

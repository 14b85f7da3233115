import type { aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { SweepMode } from '../../functions/core/model/sweep-vocabulary.ts';
import { WorkflowSchedule } from './workflow-schedule.ts';

export interface SweepScheduleProps {
  stateMachine: sfn.IStateMachine;
  expression: string;
  mode: SweepMode;
  /** The schedule group whose metrics the alarms watch (a literal name). */
  groupName: string;
  /** Where Scheduler puts a firing it could not deliver (after its retries). */
  deadLetterQueue: IQueue;
}

/**
 * Runs the idle-seat sweep on a schedule (a {@link WorkflowSchedule}). `npm start` sets no
 * schedule, so there sweeps start from the API or CLI unless the local stack's config gives one.
 */
export class SweepSchedule extends WorkflowSchedule {
  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id, {
      ...props,
      description: `Lanyard idle-seat sweep (${props.mode})`,
      input: { mode: props.mode, dryRun: false, requestedBy: 'schedule' },
    });
  }
}

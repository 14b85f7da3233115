/**
 * One access cut that never gives up quietly (DESIGN.md "Offboarding fails closed"):
 *
 *   Cut ──ok──▶ (next)
 *    │ any error
 *    ▼
 *   <Cut> Delayed (Note Cut Delay: record the try, tell admins once past the SLO, say how long to wait)
 *    │ give up? (only after the keep-trying window, 24 h by default) ──▶ <Cut> Gave Up ──▶ (next)
 *    ▼
 *   Wait To Retry <Cut> (5 s doubling, at most 5 min; 5–15 s while Trello is only busy; the
 *   cut's turn while the IdP pacer's queue is long) ──▶ Cut
 *
 * A newer run owning the person (a rehire) stops the loop with RunSuperseded, which fails the
 * branch and so the whole cut-access Parallel: the rehire owns the person now. Should recording
 * the delay itself fail, the loop pauses a fixed minute and tries the cut again.
 */
import { Duration, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../functions/core/errors.ts';
import { lambdaStep } from '../shared/lambda-step.ts';
import { recordConflict } from '../shared/retry-policies.ts';

export interface AccessCutLoopProps {
  cut: 'trello' | 'idp';
  /** The cut's Task; its result must land at `resultPath`. */
  task: sfn.TaskStateBase;
  resultPath: string;
  /** What `resultPath` holds when the cut gave up. */
  gaveUpResult: Record<string, unknown>;
  noteDelay: IFunction;
  names: { delayed: string; giveUp: string; wait: string; pause: string; gaveUp: string; superseded: string };
}

export class AccessCutLoop extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: AccessCutLoopProps) {
    super(scope, id);
    const { names, task } = props;
    const failure = `$.${props.cut}CutError`;
    const delay = `$.${props.cut}CutDelay`;

    const gaveUp = new sfn.Pass(this, names.gaveUp, {
      result: sfn.Result.fromObject(props.gaveUpResult),
      resultPath: props.resultPath,
    });
    const wait = new sfn.Wait(this, names.wait, {
      time: sfn.WaitTime.secondsPath(`${delay}.waitSeconds`),
    }).next(task);
    const delayed = lambdaStep(this, names.delayed, {
      fn: props.noteDelay,
      payload: {
        'run.$': '$.begin.run',
        cut: props.cut,
        'clock.$': '$.begin.cutClock',
        'error.$': failure,
      },
      resultFields: ['attempt', 'waitSeconds', 'giveUp'],
      resultPath: delay,
      retries: [recordConflict],
    });
    delayed.addCatch(
      new sfn.Fail(this, names.superseded, {
        error: ErrorNames.RunSuperseded,
        causePath: '$.delayError.Cause',
      }),
      { errors: [ErrorNames.RunSuperseded], resultPath: '$.delayError' },
    );
    delayed.addCatch(
      new sfn.Wait(this, names.pause, { time: sfn.WaitTime.duration(Duration.minutes(1)) }).next(task),
      {
        errors: [ErrorNames.All],
        resultPath: '$.delayError',
      },
    );
    delayed.next(
      new sfn.Choice(this, names.giveUp)
        .when(sfn.Condition.booleanEquals(`${delay}.giveUp`, true), gaveUp)
        .otherwise(wait),
    );
    task.addCatch(delayed, { errors: [ErrorNames.All], resultPath: failure });

    this.startState = task;
    this.endStates = [task, gaveUp];
  }
}

import { aws_events as events, aws_events_targets as targets } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DetailTypes, HR_EVENT_SOURCE, type HrEventType } from '../../functions/contracts/hr-event.ts';

export type HrEventTarget = { stateMachine: IStateMachine } | { fn: IFunction };

export interface LifecycleBusProps {
  /** Where each HR event type goes. Every type gets a rule; unlisted types are archived only. */
  routes: Partial<Record<HrEventType, HrEventTarget>>;
}

/** The bus HR ingest publishes to, one rule per HR event type, and an archive for replays. */
export class LifecycleBus extends Construct {
  public readonly bus: events.EventBus;
  public readonly rules: Partial<Record<HrEventType, events.Rule>> = {};

  constructor(scope: Construct, id: string, props: LifecycleBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus');
    this.bus.archive('Archive', {
      description: 'Every HR lifecycle event, for replay after an incident',
      eventPattern: { source: [HR_EVENT_SOURCE] },
    });
    for (const [type, target] of Object.entries(props.routes) as Array<[HrEventType, HrEventTarget]>) {
      const rule = new events.Rule(this, ruleId(type), {
        eventBus: this.bus,
        description: `${DetailTypes[type]} → ${'stateMachine' in target ? 'workflow' : 'function'}`,
        eventPattern: { source: [HR_EVENT_SOURCE], detailType: [DetailTypes[type]] },
      });
      rule.addTarget(
        'stateMachine' in target
          ? new targets.SfnStateMachine(target.stateMachine)
          : new targets.LambdaFunction(target.fn),
      );
      this.rules[type] = rule;
    }
  }
}

function ruleId(type: HrEventType): string {
  return `${DetailTypes[type].replaceAll(' ', '')}Rule`;
}

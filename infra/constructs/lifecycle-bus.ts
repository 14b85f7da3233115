import { Duration, aws_events as events, aws_events_targets as targets } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DetailTypes, HR_EVENT_SOURCE, type HrEventType } from '../../functions/contracts/hr-event.ts';

export type HrEventTarget = { stateMachine: IStateMachine } | { fn: IFunction };

export interface LifecycleBusProps {
  /** Where each HR event type goes. Every type gets a rule; unlisted types are archived only. */
  routes: Partial<Record<HrEventType, HrEventTarget>>;
  /** Where an event goes that a rule could not deliver to its target within the retry policy. */
  deadLetterQueue: IQueue;
  /** How long the archive keeps HR events for replays (they hold names and emails: never forever). */
  archiveRetention: Duration;
}

/**
 * How long EventBridge keeps trying to deliver an event to its target (StartExecution, or Lambda's
 * asynchronous Invoke) while the call is throttled or the service unavailable, before the event goes
 * to the dead-letter queue: EventBridge's maxima, so a termination is not dropped by a short outage.
 */
export const RULE_TARGET_RETRY = { maxEventAge: Duration.hours(24), retryAttempts: 185 } as const;

/** The bus HR ingest publishes to, one rule per HR event type, and an archive for replays. */
export class LifecycleBus extends Construct {
  public readonly bus: events.EventBus;
  public readonly archive: events.Archive;
  public readonly rules: Partial<Record<HrEventType, events.Rule>> = {};

  constructor(scope: Construct, id: string, props: LifecycleBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus');
    this.archive = this.bus.archive('Archive', {
      description: 'Every HR lifecycle event, for replay after an incident',
      eventPattern: { source: [HR_EVENT_SOURCE] },
      retention: props.archiveRetention,
    });
    // A rule target's dead-letter queue: CDK adds the queue policy EventBridge needs, allowing
    // events.amazonaws.com to SendMessage only for this rule (aws:SourceArn = the rule's ARN).
    const delivery = { deadLetterQueue: props.deadLetterQueue, ...RULE_TARGET_RETRY };
    for (const [type, target] of Object.entries(props.routes) as Array<[HrEventType, HrEventTarget]>) {
      const rule = new events.Rule(this, ruleId(type), {
        eventBus: this.bus,
        description: `${DetailTypes[type]} → ${'stateMachine' in target ? 'workflow' : 'function'}`,
        eventPattern: { source: [HR_EVENT_SOURCE], detailType: [DetailTypes[type]] },
      });
      rule.addTarget(
        'stateMachine' in target
          ? new targets.SfnStateMachine(target.stateMachine, delivery)
          : new targets.LambdaFunction(target.fn, delivery),
      );
      this.rules[type] = rule;
    }
  }
}

function ruleId(type: HrEventType): string {
  return `${DetailTypes[type].replaceAll(' ', '')}Rule`;
}

import { Duration, aws_events as events, aws_events_targets as targets } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DetailTypes, HR_EVENT_SOURCE, type HrEventType } from '../../functions/contracts/hr-event.ts';

export type HrEventTarget = { stateMachine: IStateMachine } | { fn: IFunction };

export interface LifecycleBusProps {
  /** How long the archive keeps HR events for replays (they hold names and emails: never forever). */
  archiveRetention: Duration;
}

/**
 * How long EventBridge keeps trying to deliver an event to its target (StartExecution, or Lambda's
 * asynchronous Invoke) while the call is throttled or the service unavailable, before the event goes
 * to the dead-letter queue: EventBridge's maxima, so a termination is not dropped by a short outage.
 */
export const RULE_TARGET_RETRY = { maxEventAge: Duration.hours(24), retryAttempts: 185 } as const;

/**
 * The bus HR ingest publishes to, an archive for replays, and one rule per HR event type. The bus
 * comes first (the functions that publish to it are granted on it as they are created), the rules
 * once their targets, the workflows built from those functions, exist ({@link LifecycleBus.route}).
 */
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
  }

  /**
   * Sends each HR event type to its target: every listed type gets a rule; unlisted types are
   * archived only. `deadLetterQueue` takes an event a rule could not deliver within the retry policy.
   */
  route(routes: Partial<Record<HrEventType, HrEventTarget>>, deadLetterQueue: IQueue): void {
    // A rule target's dead-letter queue: CDK adds the queue policy EventBridge needs, allowing
    // events.amazonaws.com to SendMessage only for this rule (aws:SourceArn = the rule's ARN).
    const delivery = { deadLetterQueue, ...RULE_TARGET_RETRY };
    for (const [type, target] of Object.entries(routes) as Array<[HrEventType, HrEventTarget]>) {
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

import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DetailTypes, HR_EVENT_SOURCE, type LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';

/** Lifecycle events onto the EventBridge bus (AWS, or the local runtime's endpoint). */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(event: LifecycleEventDetail): Promise<void> {
    // The SDK's module on first use, not when a function starts.
    const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: HR_EVENT_SOURCE,
            DetailType: DetailTypes[event.type],
            Detail: JSON.stringify(event),
          },
        ],
      }),
    );
    const failed = result.Entries?.find((e) => e.ErrorCode);
    if (result.FailedEntryCount || failed) {
      throw new Error(
        `EventBridge refused event ${event.id}: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`,
      );
    }
  }
}

import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DetailTypes, HR_EVENT_SOURCE, type LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';

/** Lifecycle events onto the EventBridge bus (AWS, or the local runtime's endpoint). */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(event: LifecycleEventDetail): Promise<void> {
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

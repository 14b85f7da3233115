/** An EventPublisher that keeps what it put on the bus, for unit tests (EventBridge, or the local bus, for real). `fail` makes every publish throw. */
import type { LifecycleEventDetail } from '../../../functions/contracts/hr-event.ts';
import type { EventPublisher } from '../../../functions/ports/event-publisher.ts';

export class RecordingPublisher implements EventPublisher {
  readonly published: LifecycleEventDetail[] = [];
  fail: Error | null = null;

  async publish(event: LifecycleEventDetail): Promise<void> {
    if (this.fail) throw this.fail;
    this.published.push(event);
  }
}

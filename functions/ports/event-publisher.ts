import type { LifecycleEventDetail } from '../contracts/hr-event.ts';

/** Puts lifecycle events on the bus the workflows are started from (EventBridge). */
export interface EventPublisher {
  publish(event: LifecycleEventDetail): Promise<void>;
}

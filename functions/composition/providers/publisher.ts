/**
 * The lifecycle-bus publisher port, for the steps that start lifecycle runs the way HR does (a
 * reconciliation's approved fixes): the EventBridge client waits for the first event.
 */
import { EventBridgePublisher } from '../../adapters/eventbridge/eventbridge-publisher.ts';
import { ConfigInvalidError } from '../../core/errors.ts';
import type { EventPublisher } from '../../ports/event-publisher.ts';
import { awsClientConfig } from '../aws-clients.ts';
import { definePort } from '../composition.ts';
import { ConfigKeys as K } from '../config-keys.ts';
import { lazyPort } from '../lazy-port.ts';

export const publisher = definePort('publisher', ({ config }) =>
  lazyPort<EventPublisher>(async () => {
    const busName = config.eventBusName;
    if (!busName)
      throw new ConfigInvalidError(
        `This step publishes HR events and needs ${K.eventBusName} (the lifecycle bus)`,
      );
    const { EventBridgeClient } = await import('@aws-sdk/client-eventbridge');
    return new EventBridgePublisher(new EventBridgeClient(awsClientConfig(config.endpoints.events)), busName);
  }),
);

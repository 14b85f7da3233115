/**
 * The one pacer of a composition, shared by the Trello and IdP adapters (each paces its own
 * buckets): the records table's schedule, shared by every Lambda, or one in this process (the
 * local runtime, where every step runs in one process). Loaded with the adapters that use it.
 */
import { DynamoDbPacer } from '../adapters/pacing/dynamodb-pacer.ts';
import { InMemoryPacer } from '../adapters/pacing/in-memory-pacer.ts';
import type { RequestPacer } from '../ports/request-pacer.ts';
import type { Composition } from './composition.ts';

const pacers = new WeakMap<Composition, RequestPacer>();

export function pacerOf(composition: Composition): RequestPacer {
  let pacer = pacers.get(composition);
  if (pacer === undefined) {
    const { config, dynamodb } = composition;
    pacer =
      config.trello.pacer === 'memory'
        ? new InMemoryPacer()
        : new DynamoDbPacer({ client: dynamodb, tableName: config.tableName });
    pacers.set(composition, pacer);
  }
  return pacer;
}

/**
 * The Trello adapter of a composition: the Enterprise admin API over HTTP, paced under Trello's
 * limits. Loaded by the Trello port on its first call (providers/trello.ts), so a function does
 * not evaluate it, or read the Trello secret, before a step calls Trello.
 */
import { DynamoDbPacer } from '../../adapters/pacing/dynamodb-pacer.ts';
import { InMemoryPacer } from '../../adapters/pacing/in-memory-pacer.ts';
import { TrelloHttpAdmin } from '../../adapters/trello/trello-admin.ts';
import { trelloCredentialsFromSecret } from '../../adapters/trello/trello-credentials.ts';
import { TRELLO_LIMITS, TrelloHttp } from '../../adapters/trello/trello-http.ts';
import type { Composition } from '../composition.ts';
import { currentBudget } from '../invocation-budget.ts';

export async function trelloAdmin({ config, dynamodb }: Composition): Promise<TrelloHttpAdmin> {
  const credentials =
    'secretArn' in config.trello.credentials
      ? await trelloCredentialsFromSecret(config.trello.credentials.secretArn)
      : config.trello.credentials;
  const scale = config.trello.timeScale;
  const scaled = (limit: { max: number; windowMs: number }) => ({
    max: limit.max,
    windowMs: limit.windowMs * scale,
  });
  const http = new TrelloHttp({
    baseUrl: config.trello.apiBaseUrl,
    ...credentials,
    // Every Lambda paces through one schedule in DynamoDB; one process (the local runtime) in memory.
    pacer:
      config.trello.pacer === 'memory'
        ? new InMemoryPacer()
        : new DynamoDbPacer({ client: dynamodb, tableName: config.tableName }),
    budget: currentBudget,
    limits: {
      perKey: scaled(TRELLO_LIMITS.perKey),
      perToken: scaled(TRELLO_LIMITS.perToken),
      membersRoute: scaled(TRELLO_LIMITS.membersRoute),
    },
  });
  return new TrelloHttpAdmin(http, config.trello.enterpriseId);
}

/**
 * The Trello adapter of a composition: the Enterprise admin API over HTTP, paced under Trello's
 * limits; for an Enterprise managed in Atlassian Administration (`trello.managementMode`
 * `adminhub`), wrapped so seats and deactivation go there (adminhub-trello-admin.ts). Loaded by the Trello port on its first call (providers/trello.ts), so a function does
 * not evaluate it, or read the Trello secret, before a step calls Trello.
 */
import { TrelloHttpAdmin } from '../../adapters/trello/trello-admin.ts';
import { trelloCredentialsFromSecret } from '../../adapters/trello/trello-credentials.ts';
import { TRELLO_LIMITS, TrelloHttp } from '../../adapters/trello/trello-http.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { Composition } from '../composition.ts';
import { currentBudget } from '../invocation-budget.ts';
import { pacerOf } from '../shared-pacer.ts';

export async function trelloAdmin(composition: Composition): Promise<TrelloAdmin> {
  const { config } = composition;
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
    pacer: pacerOf(composition),
    budget: currentBudget,
    limits: {
      perKey: scaled(TRELLO_LIMITS.perKey),
      perToken: scaled(TRELLO_LIMITS.perToken),
      membersRoute: scaled(TRELLO_LIMITS.membersRoute),
    },
  });
  const trello = new TrelloHttpAdmin(http, config.trello.enterpriseId);
  const management = config.trello.management;
  if (management.mode === 'trello') return trello;
  return (await import('./adminhub-trello-admin.ts')).adminHubTrelloAdmin(trello, management);
}

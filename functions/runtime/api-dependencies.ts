/**
 * The HTTP functions' composition root: the step dependencies plus what only the API needs (how
 * callers are authenticated, the webhook verifier, the bus publisher). Built once per cold start.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../adapters/eventbridge/eventbridge-publisher.ts';
import { BambooHrAdapter } from '../adapters/hr-vendors/bamboohr.ts';
import { HiBobAdapter, HiBobPeopleClient, hibobApiFromSecret } from '../adapters/hr-vendors/hibob.ts';
import type { HrVendorAdapter, HrVendorId } from '../adapters/hr-vendors/vendor-webhook.ts';
import { StandardWebhooksVerifier } from '../adapters/webhooks/standard-webhooks-verifier.ts';
import { webhookSecretsFromSecret } from '../adapters/webhooks/webhook-secrets.ts';
import { ConfigInvalidError } from '../core/errors.ts';
import type { EventPublisher } from '../ports/event-publisher.ts';
import type { WebhookVerifier } from '../ports/webhook-verifier.ts';
import { type ApiConfig, parseApiConfig, type VendorSecrets } from './api-config.ts';
import { awsClientConfig } from './aws-clients.ts';
import { ConfigKeys as K } from './config-keys.ts';
import { type Dependencies, dependencies } from './dependencies.ts';

export type ApiDependencies = Dependencies & {
  api: ApiConfig;
  publisher: EventPublisher;
  /** null when no webhook secret is configured: the signed route then refuses every delivery. */
  verifier: WebhookVerifier | null;
  /** The configured HR vendor adapters (`POST /hr/events/{vendor}`); an absent one answers 404. */
  hrVendors: Partial<Record<HrVendorId, HrVendorAdapter>>;
};

let cached: Promise<ApiDependencies> | undefined;

export function apiDependencies(): Promise<ApiDependencies> {
  cached ??= build().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

export function resetApiDependencies(): void {
  cached = undefined;
}

async function build(): Promise<ApiDependencies> {
  const base = await dependencies();
  const api = parseApiConfig(process.env);
  const busName = base.config.eventBusName;
  if (!busName) throw new ConfigInvalidError(`Lanyard's API needs ${K.eventBusName} (the lifecycle bus)`);
  const secrets =
    api.webhookSecrets === null
      ? null
      : 'secrets' in api.webhookSecrets
        ? api.webhookSecrets.secrets
        : await webhookSecretsFromSecret(api.webhookSecrets.secretArn);
  return {
    ...base,
    api,
    publisher: new EventBridgePublisher(
      new EventBridgeClient(awsClientConfig(base.config.endpoints.events)),
      busName,
    ),
    verifier: secrets === null ? null : new StandardWebhooksVerifier(secrets),
    hrVendors: await hrVendorAdapters(api.hrVendors),
  };
}

async function hrVendorAdapters(config: ApiConfig['hrVendors']): Promise<ApiDependencies['hrVendors']> {
  const secretsOf = async (v: VendorSecrets) =>
    'secrets' in v ? v.secrets : await webhookSecretsFromSecret(v.secretArn);
  const adapters: ApiDependencies['hrVendors'] = {};
  if (config.bamboohr) adapters.bamboohr = new BambooHrAdapter(await secretsOf(config.bamboohr.webhook));
  if (config.hibob) {
    const { api } = config.hibob;
    adapters.hibob = new HiBobAdapter({
      secrets: await secretsOf(config.hibob.webhook),
      people: new HiBobPeopleClient('secretArn' in api ? await hibobApiFromSecret(api.secretArn) : api),
    });
  }
  return adapters;
}

/**
 * What HR ingest alone needs beyond the API's parts (api-dependencies.ts): the Standard Webhooks
 * verifier and the HR vendor adapters. In a module of their own, so the admin function's bundle
 * goes without them.
 */

import { StandardWebhooksVerifier } from '../adapters/webhooks/standard-webhooks-verifier.ts';
import { webhookSecretsFromSecret } from '../adapters/webhooks/webhook-secrets.ts';
import {
  BambooHrAdapter,
  type BambooHrEmployees,
  BambooHrEmployeesClient,
  bamboohrApiFromSecret,
} from '../api/hr-vendors/bamboohr.ts';
import { HiBobAdapter, HiBobPeopleClient, hibobApiFromSecret } from '../api/hr-vendors/hibob.ts';
import type { HrVendorAdapter, HrVendorId } from '../api/hr-vendors/vendor-webhook.ts';
import type { WebhookVerifier } from '../ports/webhook-verifier.ts';
import type { ApiConfig, VendorSecrets } from './api-config.ts';
import { type ApiDependencies, type ApiParts, apiDependenciesOf } from './api-dependencies.ts';
import type { DependencySource, PortSet } from './composition.ts';
import { lazyPort } from './lazy-port.ts';

export type IngestDependencies = ApiDependencies & IngestParts;

interface IngestParts {
  /** null when no webhook secret is configured: the signed route then refuses every delivery. */
  verifier: WebhookVerifier | null;
  /** The configured HR vendor adapters (`POST /hr/events/{vendor}`); an absent one answers 404. */
  hrVendors: Partial<Record<HrVendorId, HrVendorAdapter>>;
}

/** The dependencies of HR ingest, which uses `ports`; `user` names it in errors. */
export function ingestDependenciesOf(ports: PortSet, user: string): DependencySource<IngestDependencies> {
  return apiDependenciesOf(ports, user, ingestParts);
}

async function ingestParts({ api }: ApiParts): Promise<IngestParts> {
  const secrets =
    api.webhookSecrets === null
      ? null
      : 'secrets' in api.webhookSecrets
        ? api.webhookSecrets.secrets
        : await webhookSecretsFromSecret(api.webhookSecrets.secretArn);
  return {
    verifier: secrets === null ? null : new StandardWebhooksVerifier(secrets),
    hrVendors: await hrVendorAdapters(api.hrVendors),
  };
}

async function hrVendorAdapters(config: ApiConfig['hrVendors']): Promise<IngestParts['hrVendors']> {
  const secretsOf = async (v: VendorSecrets) =>
    'secrets' in v ? v.secrets : await webhookSecretsFromSecret(v.secretArn);
  const adapters: IngestParts['hrVendors'] = {};
  if (config.bamboohr) {
    const { api } = config.bamboohr;
    // Read on the first Event-Based delivery only: a Field-Based sender never needs the key.
    const employees =
      api === null
        ? null
        : 'secretArn' in api
          ? lazyPort<BambooHrEmployees>(
              async () => new BambooHrEmployeesClient(await bamboohrApiFromSecret(api.secretArn)),
            )
          : new BambooHrEmployeesClient(api);
    adapters.bamboohr = new BambooHrAdapter(await secretsOf(config.bamboohr.webhook), undefined, employees);
  }
  if (config.hibob) {
    const { api } = config.hibob;
    adapters.hibob = new HiBobAdapter({
      secrets: await secretsOf(config.hibob.webhook),
      people: new HiBobPeopleClient('secretArn' in api ? await hibobApiFromSecret(api.secretArn) : api),
    });
  }
  return adapters;
}

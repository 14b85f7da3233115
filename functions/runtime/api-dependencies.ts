/**
 * The HTTP functions' composition root: the ports a function names (composition.ts; the admin API
 * names them all, HR ingest the notifier and the bus publisher) plus what only the API needs (how
 * callers are authenticated, the webhook verifier, the HR vendor adapters). Built once per cold
 * start, at the first request.
 */
import {
  BambooHrAdapter,
  type BambooHrEmployees,
  BambooHrEmployeesClient,
  bamboohrApiFromSecret,
} from '../adapters/hr-vendors/bamboohr.ts';
import { HiBobAdapter, HiBobPeopleClient, hibobApiFromSecret } from '../adapters/hr-vendors/hibob.ts';
import type { HrVendorAdapter, HrVendorId } from '../adapters/hr-vendors/vendor-webhook.ts';
import { StandardWebhooksVerifier } from '../adapters/webhooks/standard-webhooks-verifier.ts';
import { webhookSecretsFromSecret } from '../adapters/webhooks/webhook-secrets.ts';
import { ConfigInvalidError } from '../core/errors.ts';
import type { WebhookVerifier } from '../ports/webhook-verifier.ts';
import { type ApiConfig, parseApiConfig, type VendorSecrets } from './api-config.ts';
import {
  type Composition,
  composition,
  type Dependencies,
  type DependencySource,
  dependenciesOf,
  type PortSet,
} from './composition.ts';
import { ConfigKeys as K } from './config-keys.ts';
import { lazyPort } from './lazy-port.ts';

export type ApiDependencies = Dependencies & ApiParts;

interface ApiParts {
  api: ApiConfig;
  /** null when no webhook secret is configured: the signed route then refuses every delivery. */
  verifier: WebhookVerifier | null;
  /** The configured HR vendor adapters (`POST /hr/events/{vendor}`); an absent one answers 404. */
  hrVendors: Partial<Record<HrVendorId, HrVendorAdapter>>;
}

let parts = new WeakMap<Composition, Promise<ApiParts>>();

/** After changing the API's environment (tests): its parts are built again. */
export function resetApiDependencies(): void {
  parts = new WeakMap();
}

/** The dependencies of an HTTP function that uses `ports`; `user` names it in errors. */
export function apiDependenciesOf(ports: PortSet, user: string): DependencySource<ApiDependencies> {
  const dependencies = dependenciesOf(ports, user);
  const built = new WeakMap<ApiParts, ApiDependencies>();
  const get = async () => {
    const deps = await dependencies();
    const api = await apiParts(await composition());
    let all = built.get(api);
    if (all === undefined) {
      all = { ...deps, ...api };
      built.set(api, all);
    }
    return all;
  };
  return Object.assign(get, { ports: dependencies.ports });
}

function apiParts(c: Composition): Promise<ApiParts> {
  let build = parts.get(c);
  if (build === undefined) {
    const cache = parts;
    build = buildApiParts(c.config).catch((error: unknown) => {
      cache.delete(c); // an unreachable secret must not poison every later call
      throw error;
    });
    parts.set(c, build);
  }
  return build;
}

async function buildApiParts(config: Dependencies['config']): Promise<ApiParts> {
  const api = parseApiConfig(process.env);
  // Both HTTP functions publish (their `publisher` port): a missing bus is said at the first request.
  if (!config.eventBusName)
    throw new ConfigInvalidError(`Lanyard's API needs ${K.eventBusName} (the lifecycle bus)`);
  const secrets =
    api.webhookSecrets === null
      ? null
      : 'secrets' in api.webhookSecrets
        ? api.webhookSecrets.secrets
        : await webhookSecretsFromSecret(api.webhookSecrets.secretArn);
  return {
    api,
    verifier: secrets === null ? null : new StandardWebhooksVerifier(secrets),
    hrVendors: await hrVendorAdapters(api.hrVendors),
  };
}

async function hrVendorAdapters(config: ApiConfig['hrVendors']): Promise<ApiDependencies['hrVendors']> {
  const secretsOf = async (v: VendorSecrets) =>
    'secrets' in v ? v.secrets : await webhookSecretsFromSecret(v.secretArn);
  const adapters: ApiDependencies['hrVendors'] = {};
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

/**
 * The HTTP functions' composition root: the ports a function names (composition.ts; both name the
 * bus publisher) plus what every API needs — its config (how callers are authenticated…) — and
 * what one of them alone needs, built by the `extra` it passes (HR ingest: ingest-dependencies.ts).
 * Built once per cold start, at the first request.
 */
import { ConfigInvalidError } from '../core/errors.ts';
import { type ApiConfig, parseApiConfig } from './api-config.ts';
import {
  type Composition,
  composition,
  type Dependencies,
  type DependencySource,
  dependenciesOf,
  type PortSet,
} from './composition.ts';
import { ConfigKeys as K } from './config-keys.ts';

export type ApiDependencies = Dependencies & ApiParts;

export interface ApiParts {
  api: ApiConfig;
}

/** What one API builds beyond {@link ApiParts}, from them and the config. */
export type ExtraParts<X extends object> = (parts: ApiParts, config: Dependencies['config']) => Promise<X>;

let parts = new WeakMap<Composition, Map<ExtraParts<object>, Promise<ApiParts & object>>>();

/** After changing the API's environment (tests): its parts are built again. */
export function resetApiDependencies(): void {
  parts = new WeakMap();
}

const noExtra: ExtraParts<object> = async () => ({});

/** The dependencies of an HTTP function that uses `ports`; `user` names it in errors. */
export function apiDependenciesOf(ports: PortSet, user: string): DependencySource<ApiDependencies>;
export function apiDependenciesOf<X extends object>(
  ports: PortSet,
  user: string,
  extra: ExtraParts<X>,
): DependencySource<ApiDependencies & X>;
export function apiDependenciesOf(
  ports: PortSet,
  user: string,
  extra: ExtraParts<object> = noExtra,
): DependencySource<ApiDependencies> {
  const dependencies = dependenciesOf(ports, user);
  const built = new WeakMap<object, ApiDependencies>();
  const get = async () => {
    const deps = await dependencies();
    const api = await apiParts(await composition(), extra);
    let all = built.get(api);
    if (all === undefined) {
      all = { ...deps, ...api };
      built.set(api, all);
    }
    return all;
  };
  return Object.assign(get, { ports: dependencies.ports, records: dependencies.records });
}

function apiParts(c: Composition, extra: ExtraParts<object>): Promise<ApiParts & object> {
  let ofComposition = parts.get(c);
  if (ofComposition === undefined) {
    ofComposition = new Map();
    parts.set(c, ofComposition);
  }
  let build = ofComposition.get(extra);
  if (build === undefined) {
    const cache = ofComposition;
    build = buildApiParts(c.config)
      .then(async (base) => ({ ...base, ...(await extra(base, c.config)) }))
      .catch((error: unknown) => {
        cache.delete(extra); // an unreachable secret must not poison every later call
        throw error;
      });
    ofComposition.set(extra, build);
  }
  return build;
}

async function buildApiParts(config: Dependencies['config']): Promise<ApiParts> {
  const api = parseApiConfig(process.env);
  // Both HTTP functions publish (their `publisher` port): a missing bus is said at the first request.
  if (!config.eventBusName)
    throw new ConfigInvalidError(`Lanyard's API needs ${K.eventBusName} (the lifecycle bus)`);
  return { api };
}

/**
 * Cuts the vendor specification subsets under test/contract/specs/ from the vendors' official
 * files, so what the contract suites validate against is the vendor's own text, only smaller.
 * Each subset keeps whole path items / methods / elements and every component they reference
 * (closure computed here), unedited. Sources (repository, path, commit) are in specs/SOURCES.md.
 *
 *   npx tsx test/contract/cut-specs.ts okta   <management-minimal.yaml> test/contract/specs/okta/management.users.subset.openapi.yml
 *   npx tsx test/contract/cut-specs.ts google <admin-directory_v1.json> test/contract/specs/google/admin.directory_v1.users.subset.discovery.json
 *   npx tsx test/contract/cut-specs.ts graph  <v1.0-Prod.csdl>          test/contract/specs/graph/v1.0.user.subset.csdl.xml
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

/** Okta: the Users paths Lanyard and the Okta simulator use, whole, plus their component closure. */
export const OKTA_PATHS = [
  '/api/v1/users',
  '/api/v1/users/{id}',
  '/api/v1/users/{id}/lifecycle/activate',
  '/api/v1/users/{id}/lifecycle/deactivate',
  '/api/v1/users/{id}/lifecycle/reactivate',
  '/api/v1/users/{id}/lifecycle/suspend',
  '/api/v1/users/{id}/lifecycle/unsuspend',
  '/api/v1/users/{userId}/sessions',
];

/** Google: the `users` methods Lanyard and the Google simulator use, plus the schemas they name. */
export const GOOGLE_USER_METHODS = ['get', 'update', 'patch', 'list', 'signOut'];

/** Graph: the entity types and bound actions the Entra adapter reads and calls. */
/** `user` and its base types (`directoryObject`, whose base `entity` holds the key `id`). */
export const GRAPH_ENTITY_TYPES = ['entity', 'directoryObject', 'user'];
export const GRAPH_BOUND_ACTIONS = ['revokeSignInSessions'];

type Json = Record<string, unknown>;

function refsIn(node: unknown, found: Set<string>, pattern: RegExp): void {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found, pattern);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === '$ref' && typeof value === 'string') {
        const match = pattern.exec(value);
        if (match?.[1]) found.add(match[1]);
      } else refsIn(value, found, pattern);
    }
  }
}

export function cutOkta(full: Json): Json {
  const paths = full.paths as Json;
  const components = full.components as Record<string, Json>;
  const kept: Json = {};
  for (const path of OKTA_PATHS) {
    if (!paths[path]) throw new Error(`Okta spec has no path ${path}`);
    kept[path] = paths[path];
  }
  // Closure over `#/components/<kind>/<name>`.
  const wanted = new Set<string>();
  const pending: unknown[] = [kept];
  while (pending.length > 0) {
    const found = new Set<string>();
    refsIn(pending.pop(), found, /^#\/components\/(\w+\/[^/]+)$/);
    for (const ref of found) {
      if (wanted.has(ref)) continue;
      wanted.add(ref);
      const [kind, name] = ref.split('/') as [string, string];
      const target = components[kind]?.[name];
      if (target === undefined) throw new Error(`Okta spec has no component ${ref}`);
      pending.push(target);
    }
  }
  const keptComponents: Record<string, Json> = { securitySchemes: components.securitySchemes as Json };
  for (const ref of [...wanted].sort()) {
    const [kind, name] = ref.split('/') as [string, string];
    keptComponents[kind] ??= {};
    (keptComponents[kind] as Json)[name] = components[kind]?.[name];
  }
  return {
    openapi: full.openapi,
    info: full.info,
    servers: full.servers,
    security: full.security,
    paths: kept,
    components: keptComponents,
  };
}

export function cutGoogle(full: Json): Json {
  const users = (full.resources as Record<string, Json>).users as { methods: Json; resources?: Json };
  const methods: Json = {};
  for (const name of GOOGLE_USER_METHODS) {
    if (!users.methods[name]) throw new Error(`Google discovery has no users.${name}`);
    methods[name] = users.methods[name];
  }
  const schemas = full.schemas as Json;
  const wanted = new Set<string>();
  const pending: unknown[] = [methods];
  while (pending.length > 0) {
    const found = new Set<string>();
    refsIn(pending.pop(), found, /^(\w+)$/);
    for (const name of found) {
      if (wanted.has(name)) continue;
      if (!schemas[name]) throw new Error(`Google discovery has no schema ${name}`);
      wanted.add(name);
      pending.push(schemas[name]);
    }
  }
  const keys = ['kind', 'id', 'name', 'version', 'title', 'rootUrl', 'servicePath', 'basePath', 'baseUrl'];
  return {
    ...Object.fromEntries(keys.filter((k) => full[k] !== undefined).map((k) => [k, full[k]])),
    parameters: full.parameters,
    auth: full.auth,
    schemas: Object.fromEntries([...wanted].sort().map((name) => [name, schemas[name]])),
    resources: { users: { methods } },
  };
}

/** One XML element by tag and Name attribute, whole (the CSDL does not nest same-tag elements). */
function element(xml: string, tag: string, name: string, extra = ''): string {
  const open = new RegExp(`<${tag} Name="${name}"${extra}[^>]*?(/>|>)`);
  const match = open.exec(xml);
  if (!match) throw new Error(`CSDL has no <${tag} Name="${name}">`);
  if (match[1] === '/>') return match[0];
  const end = xml.indexOf(`</${tag}>`, match.index);
  return xml.slice(match.index, end + `</${tag}>`.length);
}

export function cutGraph(full: string): string {
  const schema = /<Schema Namespace="microsoft\.graph"[^>]*>/.exec(full);
  if (!schema) throw new Error('CSDL has no microsoft.graph schema');
  const parts = GRAPH_ENTITY_TYPES.map((name) => element(full, 'EntityType', name));
  for (const name of GRAPH_BOUND_ACTIONS) {
    // The action bound to a user (the same name may be bound to other types too).
    const pattern = new RegExp(`<Action Name="${name}" IsBound="true"[^>]*>[\\s\\S]*?</Action>`, 'g');
    const bound = [...full.matchAll(pattern)].map((m) => m[0]).find((a) => a.includes('Type="graph.user"'));
    if (!bound) throw new Error(`CSDL has no action ${name} bound to graph.user`);
    parts.push(bound);
  }
  const version =
    /<edmx:Edmx[^>]*>/.exec(full)?.[0] ??
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    version,
    '  <edmx:DataServices>',
    `    ${schema[0]}`,
    ...parts.map((p) => `      ${p}`),
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}

function main(argv: string[]): void {
  const [kind, input, output] = argv;
  if (!kind || !input || !output)
    throw new Error('usage: cut-specs.ts okta|google|graph <official file> <subset file>');
  const text = readFileSync(input, 'utf8');
  if (kind === 'okta') writeFileSync(output, stringify(cutOkta(parse(text) as Json), { lineWidth: 0 }));
  else if (kind === 'google')
    writeFileSync(output, `${JSON.stringify(cutGoogle(JSON.parse(text) as Json), null, 2)}\n`);
  else if (kind === 'graph') writeFileSync(output, cutGraph(text));
  else throw new Error(`unknown kind ${kind}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));

/**
 * What every vendor contract suite shares: a recording proxy that sits between a production
 * adapter and its simulator and keeps every exchange, and validators that hold those exchanges
 * to the vendor's own specification (test/contract/specs/, see SOURCES.md there):
 * - {@link OpenApiContract}: any OpenAPI document, through openapi-backend (ajv): the request
 *   (path, query, body) and the response (status declared, body schema) of each exchange.
 * - {@link discoveryToOpenApi}: a Google discovery document read as OpenAPI (its JSON Schema
 *   dialect is the same; `$ref`s become component references), so the same validator runs.
 * - {@link scimOpenApi}: the SCIM endpoints Lanyard uses, described with the RFC 7643/7644
 *   schemas transcribed in specs/scim.
 * - {@link GraphCsdl}: Microsoft Graph's CSDL (entity property and bound action names): Graph
 *   publishes its contract as CSDL, so requests and answers are checked for names it declares.
 * Nothing here hand-checks a vendor shape: the spec decides.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAPIBackend, type Operation } from 'openapi-backend';

export interface Exchange {
  method: string;
  /** The path as the vendor sees it (the proxy's prefix removed). */
  path: string;
  query: Record<string, string>;
  requestContentType?: string;
  requestBody?: unknown;
  status: number;
  body: unknown;
}

export interface Verdict {
  operationId: string | null;
  problems: string[];
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parsed(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Forwards everything to `target` and records each exchange (JSON bodies parsed). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const server = createServer(async (request, response) => {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://proxy');
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (e): e is [string, string] =>
          typeof e[1] === 'string' && !['host', 'connection', 'content-length'].includes(e[0]),
      ),
    );
    const answer = await fetch(`${target}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: raw.length > 0 ? raw : undefined,
    });
    const text = await answer.text();
    exchanges.push({
      method: request.method ?? 'GET',
      path: decodeURI(url.pathname),
      query: Object.fromEntries(url.searchParams),
      requestContentType: headers['content-type'],
      requestBody: raw.length > 0 ? parsed(raw.toString('utf8')) : undefined,
      status: answer.status,
      body: parsed(text),
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
        out[name] = value;
    });
    response.writeHead(answer.status, out);
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function describe(where: string, errors: unknown): string[] {
  return ((errors as Array<{ instancePath?: string; message?: string }> | null) ?? []).map(
    (e) => `${where} ${e.instancePath || '(root)'}: ${e.message}`,
  );
}

/**
 * Validates exchanges against one OpenAPI document. `errorResponses` names a status → schema
 * table (in the same document's components) for error answers the operations do not declare,
 * each entry with its evidence in the suite that passes it.
 */
export class OpenApiContract {
  private constructor(
    private readonly api: OpenAPIBackend,
    private readonly options: { ignoreQuery: string[]; errorOperation?: string },
  ) {}

  static async load(
    definition: Record<string, unknown>,
    options: { ignoreQuery?: string[]; errorOperation?: string } = {},
  ): Promise<OpenApiContract> {
    const api = new OpenAPIBackend({
      // A deep copy: openapi-backend turns an object met twice into a `$ref` to its first place,
      // which breaks documents built in code that share sub-objects.
      definition: JSON.parse(JSON.stringify(definition)) as never,
      quick: true,
      strict: true,
      validate: true,
      ajvOpts: { strict: false, validateFormats: false, logger: false },
    });
    await api.init();
    return new OpenApiContract(api, {
      ignoreQuery: options.ignoreQuery ?? [],
      errorOperation: options.errorOperation,
    });
  }

  operations(): string[] {
    return this.api.getOperations().map((o) => `${o.method.toUpperCase()} ${o.path}`);
  }

  check(exchange: Exchange): Verdict {
    const query = Object.fromEntries(
      Object.entries(exchange.query).filter(([name]) => !this.options.ignoreQuery.includes(name)),
    );
    const request = {
      method: exchange.method.toLowerCase(),
      path: exchange.path,
      query,
      headers: exchange.requestContentType ? { 'content-type': exchange.requestContentType } : {},
      body: exchange.requestBody,
    };
    const operation = this.api.matchOperation(request as never);
    if (!operation || operation.operationId === this.options.errorOperation) {
      return {
        operationId: null,
        problems: [`no operation of the spec for ${exchange.method} ${exchange.path}`],
      };
    }
    const problems: string[] = [];
    const requestResult = this.api.validateRequest(request as never, operation);
    // A request the spec calls invalid is only acceptable when the server refused it (4xx).
    if (!requestResult.valid && !(exchange.status >= 400 && exchange.status < 500)) {
      problems.push(...describe(`request (answered ${exchange.status})`, requestResult.errors));
    }
    const responses = (operation.responses ?? {}) as Record<
      string,
      { content?: Record<string, { schema?: unknown }> }
    >;
    const key = [String(exchange.status), `${String(exchange.status)[0]}XX`, 'default'].find(
      (k) => responses[k],
    );
    const errorOperation = this.options.errorOperation
      ? (this.api.getOperation(this.options.errorOperation) as Operation | undefined)
      : undefined;
    if (key) {
      const content = responses[key]?.content;
      if (content && Object.values(content).some((media) => media.schema)) {
        const result = this.api.validateResponse(exchange.body, operation, exchange.status);
        if (!result.valid) problems.push(...describe(`response ${exchange.status}`, result.errors));
      } else if (exchange.body !== null && exchange.body !== '' && !content) {
        problems.push(`response ${exchange.status}: the spec declares no body, yet one came back`);
      }
    } else if (exchange.status >= 400 && errorOperation) {
      const result = this.api.validateResponse(exchange.body, errorOperation, exchange.status);
      if (!result.valid) problems.push(...describe(`error response ${exchange.status}`, result.errors));
    } else {
      problems.push(`status ${exchange.status} is not declared for ${operation.operationId}`);
    }
    return { operationId: operation.operationId ?? null, problems };
  }
}

type Json = Record<string, unknown>;

/** Discovery `$ref: "User"` → `#/components/schemas/User`; discovery-only keys dropped. */
function discoverySchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(discoverySchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (['id', 'annotations', 'enumDescriptions', 'location', 'repeated'].includes(key)) continue;
    // Discovery's `any` is JSON Schema's "no type constraint".
    if (key === 'type' && value === 'any') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = `#/components/schemas/${value}`;
    else if (key === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([n, s]) => [n, discoverySchema(s)]),
      );
    else if (key === 'additionalProperties') out.additionalProperties = discoverySchema(value);
    else if (key === 'items') out.items = discoverySchema(value);
    else out[key] = value;
  }
  return out;
}

/**
 * A Google discovery document read as OpenAPI 3.0: each method becomes an operation at
 * `/<servicePath><path>` with its path/query parameters (discovery types), its `request` as the
 * JSON request body and its `response` as the 200 answer (a method without one answers no body:
 * 204, or 200 empty). `errorSchema` (Google's JSON error format, which discovery does not carry)
 * is attached to every operation's 4XX/5XX answers.
 */
export function discoveryToOpenApi(discovery: Json, errorSchema: Json): Json {
  const paths: Record<string, Json> = {};
  const servicePath = String(discovery.servicePath ?? '');
  const walk = (resources: Json, prefix: string) => {
    for (const [name, resource] of Object.entries(resources)) {
      const { methods = {}, resources: nested } = resource as { methods?: Json; resources?: Json };
      for (const [methodName, raw] of Object.entries(methods)) {
        const method = raw as Json;
        const path = `/${servicePath}${String(method.flatPath ?? method.path)}`;
        const parameters = Object.entries((method.parameters ?? {}) as Json).map(([paramName, p]) => {
          const param = p as Json;
          return {
            name: paramName,
            in: param.location,
            required: param.location === 'path' ? true : Boolean(param.required),
            schema: discoverySchema({ type: param.type, enum: param.enum, format: param.format }),
          };
        });
        const responseRef = (method.response as { $ref?: string } | undefined)?.$ref;
        const requestRef = (method.request as { $ref?: string } | undefined)?.$ref;
        const error = {
          description: 'Google JSON error',
          content: { 'application/json': { schema: errorSchema } },
        };
        paths[path] ??= {};
        (paths[path] as Json)[String(method.httpMethod).toLowerCase()] = {
          operationId: `${prefix}${name}.${methodName}`,
          parameters,
          ...(requestRef
            ? {
                requestBody: {
                  required: true,
                  content: { 'application/json': { schema: { $ref: `#/components/schemas/${requestRef}` } } },
                },
              }
            : {}),
          responses: responseRef
            ? {
                '200': {
                  description: 'ok',
                  content: {
                    'application/json': { schema: { $ref: `#/components/schemas/${responseRef}` } },
                  },
                },
                '4XX': error,
                '5XX': error,
              }
            : {
                '200': { description: 'no body' },
                '204': { description: 'no body' },
                '4XX': error,
                '5XX': error,
              },
        };
      }
      if (nested) walk(nested, `${prefix}${name}.`);
    }
  };
  walk(discovery.resources as Json, '');
  return {
    openapi: '3.0.3',
    info: { title: String(discovery.title ?? discovery.name), version: String(discovery.version) },
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(discovery.schemas as Json).map(([name, schema]) => [name, discoverySchema(schema)]),
      ),
    },
  };
}

/** The SCIM `/Users` endpoints Lanyard uses (RFC 7644 §3.4.1, §3.4.2, §3.5.2), with the RFC schemas. */
export function scimOpenApi(schemas: { definitions: Json }): Json {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const scim = (schema: Json) => ({ 'application/scim+json': { schema }, 'application/json': { schema } });
  const error = { description: 'SCIM error (RFC 7644 §3.12)', content: scim(ref('Error')) };
  const definitions = JSON.parse(
    JSON.stringify(schemas.definitions).replaceAll('#/definitions/', '#/components/schemas/'),
  ) as Json;
  return {
    openapi: '3.0.3',
    info: { title: 'SCIM 2.0 /Users (RFC 7643, RFC 7644)', version: 'RFC 7644' },
    paths: {
      '/Users': {
        get: {
          operationId: 'listUsers',
          parameters: [
            { name: 'filter', in: 'query', schema: { type: 'string' } },
            { name: 'startIndex', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'count', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: 'attributes', in: 'query', schema: { type: 'string' } },
            { name: 'excludedAttributes', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'ListResponse', content: scim(ref('ListResponse')) },
            '4XX': error,
            '5XX': error,
          },
        },
      },
      '/Users/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'getUser',
          responses: {
            '200': { description: 'User', content: scim(ref('User')) },
            '4XX': error,
            '5XX': error,
          },
        },
        patch: {
          operationId: 'patchUser',
          requestBody: { required: true, content: scim(ref('PatchOp')) },
          // §3.5.2: "either HTTP status code 200 and the entire resource … or 204 No Content".
          responses: {
            '200': { description: 'User', content: scim(ref('User')) },
            '204': { description: 'no content' },
            '4XX': error,
            '5XX': error,
          },
        },
      },
    },
    components: { schemas: definitions },
  };
}

/** Property and bound-action names of Graph entity types, read from a CSDL document. */
export class GraphCsdl {
  private readonly properties = new Map<string, Set<string>>();
  private readonly actions = new Map<string, Set<string>>();

  constructor(xml: string) {
    const bases = new Map<string, string>();
    for (const match of xml.matchAll(/<EntityType Name="(\w+)"([^>]*)>([\s\S]*?)<\/EntityType>/g)) {
      const [, name, attributes, body] = match as unknown as [string, string, string, string];
      const base = /BaseType="graph\.(\w+)"/.exec(attributes)?.[1];
      if (base) bases.set(name, base);
      this.properties.set(
        name,
        new Set([...body.matchAll(/<(?:Navigation)?Property Name="(\w+)"/g)].map((m) => m[1] as string)),
      );
    }
    // Inherited properties, through every base type (user → directoryObject → entity).
    for (const [name] of bases) {
      for (let base = bases.get(name); base; base = bases.get(base)) {
        for (const p of this.properties.get(base) ?? []) this.properties.get(name)?.add(p);
      }
    }
    for (const match of xml.matchAll(/<Action Name="(\w+)" IsBound="true"[^>]*>([\s\S]*?)<\/Action>/g)) {
      const bound = /Name="bindingParameter" Type="graph\.(\w+)"/.exec(match[2] as string)?.[1];
      if (bound) {
        if (!this.actions.has(bound)) this.actions.set(bound, new Set());
        this.actions.get(bound)?.add(match[1] as string);
      }
    }
  }

  hasProperty(entity: string, name: string): boolean {
    return this.properties.get(entity)?.has(name) ?? false;
  }

  hasAction(entity: string, name: string): boolean {
    return this.actions.get(entity)?.has(name) ?? false;
  }

  /**
   * Checks one `/users…` exchange: `$select` and `$filter` names, PATCH body names, bound action
   * names, and the names in the answer (OData annotations `@…` aside) are all declared on `user`.
   */
  check(exchange: Exchange): Verdict {
    const problems: string[] = [];
    const entity = 'user';
    const undeclared = (names: string[], where: string) => {
      for (const name of names)
        if (!this.hasProperty(entity, name))
          problems.push(`${where}: ${name} is not a property of ${entity}`);
    };
    const segments = exchange.path.split('/').filter(Boolean);
    if (segments[0] !== 'users')
      return { operationId: null, problems: [`not a users path: ${exchange.path}`] };
    const select = exchange.query.$select;
    if (select) undeclared(select.split(','), '$select');
    const filter = exchange.query.$filter;
    if (filter)
      undeclared(
        [...filter.matchAll(/(\w+)\s+(?:eq|ne|startswith)\b/gi)].map((m) => m[1] as string),
        '$filter',
      );
    if (segments.length === 3) {
      const action = segments[2] as string;
      if (!this.hasAction(entity, action)) problems.push(`${action} is not an action bound to ${entity}`);
    }
    if (exchange.method === 'PATCH' && exchange.requestBody && typeof exchange.requestBody === 'object') {
      undeclared(Object.keys(exchange.requestBody as Json), 'PATCH body');
    }
    if (exchange.status < 300 && exchange.body && typeof exchange.body === 'object' && segments.length <= 2) {
      const body = exchange.body as Json;
      const rows = Array.isArray(body.value) ? (body.value as Json[]) : [body];
      for (const row of rows)
        undeclared(
          Object.keys(row).filter((k) => !k.startsWith('@') && k !== 'value'),
          'answer',
        );
    }
    if (exchange.status >= 400) {
      const error = (exchange.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      if (typeof error?.code !== 'string' || typeof error.message !== 'string')
        problems.push(`error ${exchange.status}: not an OData error {error:{code,message}}`);
    }
    const operation =
      segments.length === 3
        ? `user.${segments[2]}`
        : `${exchange.method} ${segments.length === 1 ? 'users' : 'user'}`;
    return { operationId: operation, problems };
  }
}

/**
 * Validates recorded Trello requests/responses against Trello's official OpenAPI document,
 * vendored whole in specs/trello/swagger.v3.json (source and commit in specs/SOURCES.md), with
 * openapi-backend (ajv under the hood), plus the overlay for what the spec omits or gets wrong
 * (trello-reference-overlay.yml, each correction with its evidence). Nothing here hand-checks a
 * shape: a route either matches an operation of the spec and validates, or the test says which.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAPIBackend, type Operation } from 'openapi-backend';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REFERENCE_DIR = path.resolve(here, 'specs/trello');
/** The official document, whole (471,458 bytes; blob c8a1573c…). */
export const REFERENCE_FILES = ['swagger.v3.json'];

export interface Exchange {
  method: string;
  /** Path under /1, e.g. `/enterprises/…/members/query`. */
  path: string;
  query: Record<string, string>;
  status: number;
  body: unknown;
}

export interface Verdict {
  operationId: string | null;
  source: string | null;
  problems: string[];
}

interface Api {
  source: string;
  api: OpenAPIBackend;
}

/**
 * Readings of the reference where its schemas cannot mean what they literally say. Each is
 * applied to the loaded copy only and cites why; the files under shared/ stay untouched.
 */
function applyReadings(definition: Record<string, unknown>): Record<string, unknown> {
  // `oneOf: [string, TrelloID]` (idMember "ID or username", several `oneOf: [Member]` bodies) can
  // never validate an id, which is also a string: "exactly one" is meant as "either" here.
  const text = JSON.stringify(definition).replaceAll('"oneOf":', '"anyOf":');
  const doc = JSON.parse(text) as {
    components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
  };
  // NOTES.md §5/§8.6: the official schema types `Board.memberships` as a string, while it is a list
  // of memberships (element shape UNVERIFIED, read as in the overlay).
  const board = doc.components?.schemas?.Board?.properties;
  if (board && 'memberships' in board) {
    board.memberships = {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'idMember', 'memberType'],
        properties: {
          id: { type: 'string' },
          idMember: { type: 'string' },
          memberType: { type: 'string', enum: ['admin', 'normal', 'observer'] },
          unconfirmed: { type: 'boolean' },
          deactivated: { type: 'boolean' },
        },
      },
    };
  }
  // Board `prefs.permissionLevel` is listed as `org|board`, while the same file's
  // `PUT /boards/{id}` documents `prefs/permissionLevel` as "One of: org, private, public", and
  // Enterprise boards are `enterprise` (enterprises.openapi.yml OrganizationPrefs).
  const prefs = doc.components?.schemas?.Prefs?.properties as Record<string, { enum?: string[] }> | undefined;
  if (prefs?.permissionLevel?.enum)
    prefs.permissionLevel.enum = ['org', 'private', 'public', 'enterprise', 'board'];
  commaSeparatedLists(doc);
  return doc as Record<string, unknown>;
}

/**
 * Query parameters described as "`all` or a comma-separated list of …" carry an enum schema of
 * single values; read them as lists of those values (else `fields=id,name` could never validate).
 */
function commaSeparatedLists(doc: Record<string, unknown>): void {
  const schemas =
    (doc.components as { schemas?: Record<string, { enum?: string[] }> } | undefined)?.schemas ?? {};
  const paths = (doc.paths ?? {}) as Record<
    string,
    Record<string, { parameters?: Array<Record<string, unknown>> }>
  >;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      for (const parameter of operation?.parameters ?? []) {
        if (parameter.in !== 'query' || !/comma[- ]sep[ae]rated/i.test(String(parameter.description ?? '')))
          continue;
        const schema = parameter.schema as { $ref?: string; enum?: string[] } | undefined;
        const values =
          schema?.enum ?? (schema?.$ref ? schemas[schema.$ref.split('/').pop() as string]?.enum : undefined);
        if (!values) continue;
        const one = `(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
        parameter.schema = { type: 'string', pattern: `^(all|${one}(,${one})*)$` };
      }
    }
  }
}

async function load(source: string, definition: unknown): Promise<Api> {
  // quick: skip validating the document itself (startup time; the document is the vendor's).
  const api = new OpenAPIBackend({
    definition: applyReadings(definition as Record<string, unknown>) as never,
    quick: true,
    // `DELETE /tokens/{token}/` is documented with its trailing slash (NOTES.md "Files").
    ignoreTrailingSlashes: false,
    strict: true,
    validate: true,
    // Formats are not checked: the reference tags ISO date-times as `date` and ids as `integer`.
    ajvOpts: { strict: false, validateFormats: false, logger: false },
  });
  await api.init();
  return { source, api };
}

export class TrelloContract {
  private constructor(
    private readonly reference: Api[],
    private readonly overlay: Api,
  ) {}

  static async load(): Promise<TrelloContract> {
    const reference = await Promise.all(
      REFERENCE_FILES.map((f) => load(f, parse(readFileSync(path.join(REFERENCE_DIR, f), 'utf8')))),
    );
    const overlay = await load(
      'overlay',
      parse(readFileSync(path.join(here, 'trello-reference-overlay.yml'), 'utf8')),
    );
    return new TrelloContract(reference, overlay);
  }

  /** Every operation of the reference files, as `METHOD /path`. */
  operations(): string[] {
    return this.reference.flatMap(({ api }) =>
      api.getOperations().map((o) => `${o.method.toUpperCase()} ${o.path}`),
    );
  }

  check(exchange: Exchange): Verdict {
    const request = {
      method: exchange.method.toLowerCase(),
      path: exchange.path,
      query: stripAuth(exchange.query),
      headers: {},
    };
    const corrected = this.overlay.api.matchOperation(request);
    const matched = this.match(request);
    if (!matched)
      return {
        operationId: null,
        source: null,
        problems: [`no reference operation for ${exchange.method} ${exchange.path}`],
      };

    const problems: string[] = [];
    const requestResult = matched.api.api.validateRequest(request, matched.operation);
    if (!requestResult.valid) {
      // A request the reference calls invalid must be refused with 400 and an Error body.
      if (exchange.status !== 400) {
        problems.push(...describe(`request (answered ${exchange.status}, not 400)`, requestResult.errors));
      }
    }

    const declared = Object.keys(matched.operation.responses ?? {});
    // 429 bodies follow the rate-limit guide (NOTES.md §7), not the operations' `default: Error`.
    const errorBodies = {
      api: this.overlay.api,
      operation: this.overlay.api.getOperation('error-bodies') as Operation,
    };
    const responder =
      exchange.status === 429
        ? errorBodies
        : corrected && exchange.status < 300
          ? { api: this.overlay.api, operation: corrected }
          : declaresStatus(declared, exchange.status) && hasJsonSchema(matched.operation, exchange.status)
            ? { api: matched.api.api, operation: matched.operation }
            : exchange.status >= 400
              ? errorBodies
              : null;
    if (responder) {
      const result = responder.api.validateResponse(exchange.body, responder.operation, exchange.status);
      if (!result.valid) problems.push(...describe(`response ${exchange.status}`, result.errors));
    } else if (!declaresStatus(declared, exchange.status)) {
      problems.push(`status ${exchange.status} is not declared for ${matched.operation.operationId}`);
    }
    return { operationId: matched.operation.operationId ?? null, source: matched.api.source, problems };
  }

  private match(request: { method: string; path: string }): { api: Api; operation: Operation } | null {
    for (const api of this.reference) {
      const operation = api.api.matchOperation(request as never);
      if (operation) return { api, operation };
    }
    return null;
  }
}

/** `key`/`token` are the reference's apiKey security schemes (in: query), not operation parameters. */
function stripAuth(query: Record<string, string>): Record<string, string> {
  const { key: _key, token: _token, ...rest } = query;
  return rest;
}

function declaresStatus(declared: string[], status: number): boolean {
  return (
    declared.includes(String(status)) ||
    declared.includes(`${String(status)[0]}XX`) ||
    declared.includes('default')
  );
}

function hasJsonSchema(operation: Operation, status: number): boolean {
  const responses = operation.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
  const response = responses[String(status)] ?? responses.default;
  return Boolean(response?.content?.['application/json']?.schema);
}

function describe(where: string, errors: unknown): string[] {
  return ((errors as Array<{ instancePath?: string; message?: string }> | null) ?? []).map(
    (e) => `${where} ${e.instancePath || '(root)'}: ${e.message}`,
  );
}

/**
 * HiBob (Bob) webhooks v2 → canonical HR events (`POST /hr/events/hibob`).
 *
 * What Bob documents (apidocs.hibob.com "Working with webhooks", "Webhooks v2 events"):
 * - `Bob-Signature`: Base64 of HMAC-SHA512 of the request payload, keyed with the webhook's
 *   secret from the Bob UI.
 * - v2 payloads carry ids, not data: `{ "companyId", "type", "triggeredBy", "triggeredAt",
 *   "version": "v2", "data": { "employeeId", … } }`; the person is read from the Bob API with a
 *   service user (Basic auth, id:token).
 * - A new webhook is tested with a POST of `Ping test` (or `{"text":"Ping test"}`) that must be
 *   answered 2xx; deliveries are retried with backoff for up to 3 days.
 * - Lifecycle events fire when the lifecycle entry becomes effective (midnight of its date).
 *
 * Follows: Bob webhooks v2 and the Bob public API v1 People read endpoints as documented on
 * apidocs.hibob.com in 2026 (pages dated 2026-05/06); no versioned specification is published.
 *
 * Mapping: `employee.joined` → `employee.hired`; `employee.left` (terminated or garden leave) →
 * `employee.terminated`, effective at the end of the termination date if that is later;
 * `employee.temporaryLeave` → `employee.leave_started`; `employee.activated` →
 * `employee.leave_ended`; `employee.updated` → `employee.updated` when email, name, department or
 * manager changed (or Bob does not say which fields did). Everything else (created, deleted,
 * inactivated, table entries, time off…) is answered 200 and ignored.
 *
 * UNVERIFIED (docs unclear or silent; best reading implemented):
 * 1. Bob signs no timestamp, so there is no ±5 min window to check. Instead a delivery whose
 *    `triggeredAt` is older than Bob's 3-day retry period (plus a day) is refused 401 as a
 *    replay; a newer replay is answered 200 duplicate (the event id is derived from the content).
 * 2. `triggeredAt` has no zone ("2025-01-08T13:06:26.915906"); it is read as UTC.
 * 3. Reading the person: `GET /v1/people/{id}` was shut off on 6 May 2025 (apidocs.hibob.com
 *    changelog "Final deprecation notice: GET /people endpoints and API Tokens": "Final Notice: API
 *    Get Endpoints Shutdown by May 6, 2025"). The person is read with `POST /v1/people/{identifier}`
 *    (docs: reference/post_people-identifier, docs/people-read-api-contract), body
 *    `{ "fields": [...], "humanReadable": "APPEND" }`, field ids in dot notation (`root.email`,
 *    `work.department`…); a 404 means no such employee. What the docs leave open, read here as
 *    observed by a public client (JustParent/hibob-advanced-mcp tests/fixtures/people, 2026-10-07):
 *    the answer is one employee object carrying each field twice — nested at its jsonPath (root
 *    fields without `root.`: `email`, `work.department`) and as a slash key with `{ "value" }`
 *    (`/root/email`), the latter only for non-null values — plus a nested `humanReadable` copy;
 *    `work.department` is a list item id unless read from `humanReadable`; `work.reportsTo` (type
 *    "employee") is read as an object with an `email`, or its human-readable value when that is an
 *    address; a field the service user may not see is silently absent (read as unknown), and a
 *    wrapper `{ "employees": [ … ] }` is accepted too. Dates (`work.startDate`,
 *    `internal.terminationDate`, YYYY-MM-DD) are read as UTC.
 * 4. The event names `employee.temporaryLeave` and `employee.activated` (from the v1 list) and
 *    reading `activated` as a return from leave (not a rehire).
 * 5. The shape of `data.fieldUpdates` (field ids as strings, or objects naming a `fieldId` /
 *    `fieldPath` / `id`); any shape that names no field counts as a relevant change.
 * 6. Whether the connection test (`Ping test`) is signed: it is answered 200 either way, since it
 *    carries no change and starts nothing.
 * 7. The employee id may come as `data.employeeId` (v2) or `employee.id` (v1).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { jsonSecret } from '../../adapters/secrets/json-secret.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import type { HrEventType } from '../../contracts/hr-event.ts';
import { WebhookSignatureError } from '../../core/errors.ts';
import { listIssues } from '../../core/ingest/accept-hr-event.ts';
import type { Clock } from '../../ports/clock.ts';
import { HiBobApiCredentials } from './vendor-api-credentials.ts';
import {
  contentEventId,
  dateAt,
  type HrEventDraft,
  type HrVendorAdapter,
  hmac,
  matchesAny,
  type VendorMapping,
  vendorInstant,
} from './vendor-webhook.ts';

export const HIBOB_SIGNATURE_HEADER = 'bob-signature';
export const HIBOB_DEFAULT_BASE_URL = 'https://api.hibob.com';
/** Bob retries for up to 3 days; a genuine (re)delivery is never older than this. */
export const HIBOB_MAX_DELIVERY_AGE_MS = 4 * 86_400_000;

const BobId = z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String);

/** A Bob webhooks v2 delivery (ids only). */
export const HiBobWebhook = z.looseObject({
  companyId: BobId.optional(),
  type: z.string().trim().min(1, 'type is required'),
  triggeredBy: z.string().nullish(),
  triggeredAt: z.string().trim().min(1, 'triggeredAt is required'),
  version: z.string().optional(),
  data: z.looseObject({ employeeId: BobId.optional(), fieldUpdates: z.unknown().optional() }).optional(),
  employee: z.looseObject({ id: BobId.optional() }).optional(),
});
export type HiBobWebhook = z.infer<typeof HiBobWebhook>;

const text = z
  .string()
  .nullish()
  .transform((v) => (v?.trim() ? v.trim() : null));

/** The employee as Lanyard uses it, whatever shape Bob answered it in. */
export const HiBobPerson = z.looseObject({
  id: BobId,
  email: text,
  displayName: text,
  fullName: text,
  firstName: text,
  surname: text,
  work: z
    .looseObject({
      department: text,
      startDate: text,
      reportsTo: z.looseObject({ email: text }).nullish(),
    })
    .nullish(),
  internal: z.looseObject({ terminationDate: text, status: text }).nullish(),
});
export type HiBobPerson = z.infer<typeof HiBobPerson>;

/**
 * The fields Lanyard asks `POST /v1/people/{identifier}` for (dot-notation field ids; the docs
 * allow up to 400). Root fields' jsonPath drops `root.` (fields metadata, docs/fields-metadata).
 */
export const HIBOB_PERSON_FIELDS = [
  'root.id',
  'root.email',
  'root.displayName',
  'root.firstName',
  'root.surname',
  'work.department',
  'work.startDate',
  'work.reportsTo',
  'internal.status',
  'internal.terminationDate',
] as const;

/** One read answer: an employee object (or, UNVERIFIED, a one-element `employees` wrapper). */
const PersonAnswer = z.union([
  z.looseObject({ employees: z.array(z.record(z.string(), z.unknown())) }),
  z.record(z.string(), z.unknown()),
]);

/** The value of a dot-notation field in Bob's answer: nested first, else its `/slash` `{value}` key. */
function fieldOf(raw: Record<string, unknown>, field: string): unknown {
  const jsonPath = field.replace(/^root\./, '').split('.');
  let node: unknown = raw;
  for (const part of jsonPath) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (node !== undefined) return node;
  const slash = raw[`/${field.replaceAll('.', '/')}`];
  return slash !== null && typeof slash === 'object' ? (slash as { value?: unknown }).value : undefined;
}

/** Bob's read answer → {@link HiBobPerson} (human-readable values preferred where they exist). */
function personFrom(raw: Record<string, unknown>): unknown {
  const human = (raw.humanReadable ?? {}) as Record<string, unknown>;
  const read = (field: string) => fieldOf(raw, field);
  const readable = (field: string) => {
    const value = fieldOf(human, field);
    return value === undefined || value === null ? read(field) : value;
  };
  const reportsTo = read('work.reportsTo');
  const reportsToText = readable('work.reportsTo');
  const managerEmail =
    reportsTo !== null && typeof reportsTo === 'object'
      ? (reportsTo as { email?: unknown }).email
      : typeof reportsToText === 'string' && reportsToText.includes('@')
        ? reportsToText
        : null;
  return {
    id: read('root.id'),
    email: read('root.email'),
    displayName: read('root.displayName'),
    fullName: read('root.fullName'),
    firstName: read('root.firstName'),
    surname: read('root.surname'),
    work: {
      department: readable('work.department'),
      startDate: read('work.startDate'),
      reportsTo: { email: typeof managerEmail === 'string' ? managerEmail : null },
    },
    internal: { status: readable('internal.status'), terminationDate: read('internal.terminationDate') },
  };
}

/** Bob's API could not be used: down, refusing the service user, or answering something unreadable. */
export class HiBobApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'HiBobApiError';
  }
}

export interface HiBobPeople {
  /** The person, or null when Bob has no such employee (404). */
  getPerson(employeeId: string): Promise<HiBobPerson | null>;
}

/** Reads people from the Bob API as a service user. `fetch` is injectable for tests. */
export class HiBobPeopleClient implements HiBobPeople {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(credentials: HiBobApiCredentials, options: { fetch?: typeof fetch; timeoutMs?: number } = {}) {
    this.baseUrl = (credentials.baseUrl ?? HIBOB_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${credentials.serviceUserId}:${credentials.token}`).toString('base64')}`;
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async getPerson(employeeId: string): Promise<HiBobPerson | null> {
    // POST, not GET: Bob shut the GET reads off on 6 May 2025 (see the header, point 3).
    const url = `${this.baseUrl}/v1/people/${encodeURIComponent(employeeId)}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ fields: HIBOB_PERSON_FIELDS, humanReadable: 'APPEND' }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new HiBobApiError(`The Bob API did not answer (${(error as Error).name}); retry later`, null);
    }
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) {
      throw new HiBobApiError(
        `The Bob API refused the service user (${response.status}): check LANYARD_HIBOB_API and that the service user may read people`,
        response.status,
      );
    }
    if (!response.ok) {
      throw new HiBobApiError(`The Bob API answered ${response.status}; retry later`, response.status);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new HiBobApiError('The Bob API answered a person that is not JSON', response.status);
    }
    const answer = PersonAnswer.safeParse(json);
    const raw = !answer.success
      ? null
      : Array.isArray(answer.data.employees)
        ? (answer.data.employees[0] as Record<string, unknown> | undefined)
        : answer.data;
    if (answer.success && Array.isArray(answer.data.employees) && raw === undefined) return null;
    const parsed = HiBobPerson.safeParse(raw ? personFrom(raw) : json);
    if (!parsed.success) {
      throw new HiBobApiError(
        `The Bob API answered a person Lanyard cannot read: ${listIssues(parsed.error.issues)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ')}`,
        response.status,
      );
    }
    return parsed.data;
  }
}

/** Reads the service user from a Secrets Manager secret holding the `LANYARD_HIBOB_API` JSON. */
export function hibobApiFromSecret(
  secretArn: string,
  client?: SecretsManagerClient,
): Promise<HiBobApiCredentials> {
  return jsonSecret(
    secretArn,
    HiBobApiCredentials,
    '{"serviceUserId": "…", "token": "…", "baseUrl"?: "https://api.hibob.com"}',
    'HiBob API',
    client,
  );
}

const TYPES: Record<string, HrEventType> = {
  'employee.joined': 'employee.hired',
  'employee.left': 'employee.terminated',
  'employee.temporaryLeave': 'employee.leave_started', // UNVERIFIED name
  'employee.activated': 'employee.leave_ended', // UNVERIFIED meaning
  'employee.updated': 'employee.updated',
};

/** Field ids whose change `employee.updated` stands for (matched within Bob's field paths). */
const PROFILE_FIELD_PARTS = [
  'email',
  'firstname',
  'surname',
  'displayname',
  'fullname',
  'department',
  'reportsto',
  'manager',
];

export class HiBobAdapter implements HrVendorAdapter {
  readonly vendor = 'hibob' as const;
  readonly label = 'HiBob';
  readonly signatureHeaders = [HIBOB_SIGNATURE_HEADER] as const;
  private readonly secrets: readonly string[];
  private readonly people: HiBobPeople;
  private readonly clock: Clock;

  constructor(options: { secrets: readonly string[]; people: HiBobPeople; clock?: Clock }) {
    if (options.secrets.length === 0) throw new Error('At least one HiBob webhook secret is required');
    this.secrets = options.secrets;
    this.people = options.people;
    this.clock = options.clock ?? systemClock;
  }

  isPing(rawBody: string): boolean {
    const body = rawBody.trim();
    if (body === 'Ping test' || body === '"Ping test"') return true;
    try {
      const json = JSON.parse(body) as unknown;
      return json !== null && typeof json === 'object' && (json as { text?: unknown }).text === 'Ping test';
    } catch {
      return false;
    }
  }

  verify(rawBody: string, headers: Record<string, string | undefined>): void {
    const signature = headers[HIBOB_SIGNATURE_HEADER]?.trim() ?? '';
    if (!signature) {
      throw new WebhookSignatureError(
        'Missing header(s): Bob-Signature; copy the secret from the Bob webhook settings into Lanyard so deliveries can be verified',
      );
    }
    const provided = /^[A-Za-z0-9+/]+={0,2}$/.test(signature)
      ? Buffer.from(signature, 'base64')
      : Buffer.alloc(0);
    const expected = this.secrets.map((secret) => hmac('sha512', secret, rawBody));
    if (!matchesAny(provided, expected)) {
      throw new WebhookSignatureError(
        'No valid signature: Bob-Signature must be the Base64 HMAC-SHA512 of the body, keyed with a configured webhook secret',
      );
    }
    // Signed, so the body may be read. UNVERIFIED: Bob signs no timestamp; see the header.
    let triggeredAt: string | null = null;
    try {
      const json = JSON.parse(rawBody) as { triggeredAt?: unknown };
      triggeredAt = typeof json?.triggeredAt === 'string' ? vendorInstant(json.triggeredAt) : null;
    } catch {
      return; // not JSON: map() answers 400
    }
    if (triggeredAt === null) return;
    const age = this.clock.now().getTime() - Date.parse(triggeredAt);
    if (age > HIBOB_MAX_DELIVERY_AGE_MS) {
      throw new WebhookSignatureError(
        `The delivery was triggered at ${triggeredAt}, ${Math.floor(age / 86_400_000)} days ago: older than any Bob retry, so it is refused as a replay`,
      );
    }
  }

  async map(rawBody: string): Promise<VendorMapping> {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return { ok: false, message: 'The body is not JSON', issues: [] };
    }
    const parsed = HiBobWebhook.safeParse(json);
    if (!parsed.success) {
      const issues = listIssues(parsed.error.issues);
      return {
        ok: false,
        message: `The HiBob delivery is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      };
    }
    const hook = parsed.data;
    const employeeId = hook.data?.employeeId ?? hook.employee?.id ?? null;
    const type = TYPES[hook.type];
    if (!type) {
      return {
        ok: true,
        events: [],
        ignored: [{ employeeId, reason: `${hook.type} is not an event Lanyard acts on` }],
      };
    }
    if (employeeId === null) {
      return {
        ok: false,
        message: `The HiBob ${hook.type} delivery names no employee (data.employeeId)`,
        issues: [{ path: 'data.employeeId', message: 'is required' }],
      };
    }
    const occurredAt = vendorInstant(hook.triggeredAt);
    if (occurredAt === null) {
      return {
        ok: false,
        message: `The HiBob delivery's triggeredAt is not a date-time: ${hook.triggeredAt}`,
        issues: [{ path: 'triggeredAt', message: 'must be an ISO 8601 date-time' }],
      };
    }
    if (type === 'employee.updated' && !touchesProfile(hook.data?.fieldUpdates)) {
      return {
        ok: true,
        events: [],
        ignored: [{ employeeId, reason: `employee ${employeeId}: no change Lanyard acts on` }],
      };
    }

    const person = await this.people.getPerson(employeeId);
    if (person === null && type !== 'employee.terminated') {
      return {
        ok: true,
        events: [],
        ignored: [{ employeeId, reason: `employee ${employeeId} is not in Bob (any more)` }],
      };
    }
    let effectiveAt = occurredAt;
    const later = (candidate: string | null) => {
      if (candidate !== null && candidate > effectiveAt) effectiveAt = candidate;
    };
    if (type === 'employee.hired') later(dateAt(person?.work?.startDate, '00:00:00'));
    if (type === 'employee.terminated') later(dateAt(person?.internal?.terminationDate, '23:59:59'));

    const first = person?.firstName;
    const surname = person?.surname;
    const event: HrEventDraft = {
      id: contentEventId('hibob', {
        companyId: hook.companyId ?? null,
        type: hook.type,
        employeeId,
        triggeredAt: hook.triggeredAt,
        triggeredBy: hook.triggeredBy ?? null,
        data: hook.data ?? null,
      }),
      type,
      occurredAt,
      effectiveAt,
      employee: {
        id: employeeId,
        email: person?.email ?? null,
        fullName:
          person?.displayName ??
          person?.fullName ??
          (first && surname ? `${first} ${surname}` : (first ?? surname ?? null)),
        department: person?.work?.department ?? null,
        managerEmail: person?.work?.reportsTo?.email ?? null,
      },
    };
    return { ok: true, events: [event], ignored: [] };
  }
}

/** Whether an `employee.updated`'s field list names a field Lanyard keeps (or names none at all). */
function touchesProfile(fieldUpdates: unknown): boolean {
  const ids: string[] = [];
  const collect = (item: unknown) => {
    if (typeof item === 'string') ids.push(item);
    else if (item !== null && typeof item === 'object') {
      for (const name of ['fieldId', 'fieldPath', 'id', 'field', 'name'] as const) {
        const value = (item as Record<string, unknown>)[name];
        if (typeof value === 'string') ids.push(value);
      }
    }
  };
  if (Array.isArray(fieldUpdates)) fieldUpdates.forEach(collect);
  else if (fieldUpdates !== null && typeof fieldUpdates === 'object') ids.push(...Object.keys(fieldUpdates));
  if (ids.length === 0) return true;
  return ids.some((id) => {
    const normalized = id.toLowerCase().replace(/[^a-z0-9]/g, '');
    return PROFILE_FIELD_PARTS.some((part) => normalized.includes(part));
  });
}

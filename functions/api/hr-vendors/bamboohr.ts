/**
 * BambooHR webhooks → canonical HR events (`POST /hr/events/bamboohr`).
 *
 * Follows: BambooHR's webhook documentation as published in 2026 (documentation.bamboohr.com
 * "Webhooks", "Event-Based Webhooks", "Field-Based Webhooks", updated 2026-05-26) and the REST API
 * v1 "Get Employee"; BambooHR publishes no versioned webhook specification.
 *
 * Two payload formats, told apart by their shape, with the same signature:
 * - Event-Based (BambooHR's recommended format now): `{ "type": "employee.created" |
 *   "employee.updated" | "employee.deleted", "timestamp", "data": { "companyId", "employeeId",
 *   "changedFields": ["<API alias>", …] } }`, JSON or Form Post (`type=…&data[employeeId]=…
 *   &data[changedFields][0]=…`). It carries ids, not values: "let you fetch the latest data via the
 *   API", so the employee's fields are read with `GET /v1/employees/{id}?fields=…` (Basic auth, API
 *   key as the user name) — {@link BambooHrEmployeesClient}. `employee.deleted` needs no read (the
 *   record is gone): it is a termination filled from what Lanyard knows. Without an API client,
 *   created/updated deliveries are answered 400 saying to configure one.
 * - Field-Based (Global) as below.
 *
 * What BambooHR documents (documentation.bamboohr.com "Webhooks", "Field-Based Webhooks"):
 * - `X-BambooHR-Signature`: hex HMAC-SHA256, keyed with the webhook's private key, of the raw
 *   body followed by the `X-BambooHR-Timestamp` header value ("the timestamp when the request
 *   was sent"). Lanyard refuses a timestamp more than 5 minutes from now, either way.
 * - Field-Based (Global) payload: `{ "employees": [{ "id", "action": "Created" | "Updated" |
 *   "Deleted", "timestamp", "changedFields": [...], "fields": { "<name or alias>": value } }] }`;
 *   several employees may come in one delivery, each becomes its own event.
 * - Retries: up to 5 more times over ~75 minutes on a non-2xx answer.
 *
 * Mapping, in this order for an `Updated` entry: a termination (Status → Inactive, an Employment
 * Status naming a termination, or a Termination Date set) → `employee.terminated`; an Employment
 * Status naming a leave → `employee.leave_started`; Status → Active → `employee.rehired`; a
 * change of email, name, department or manager → `employee.updated`; anything else is ignored.
 * `Created` → `employee.hired` (effective on Hire Date), `Deleted` → `employee.terminated`.
 * Field names are matched ignoring case, spaces and punctuation, so both BambooHR's English
 * names ("Work Email") and API aliases ("workEmail") work.
 *
 * UNVERIFIED (docs unclear or silent; best reading implemented):
 * 1. The format of `X-BambooHR-Timestamp`: examples show both Unix seconds and ISO 8601; both
 *    (and Unix milliseconds) are accepted. Whether a retry carries a fresh timestamp (else a
 *    retry after 5 min is refused 401) — the docs say it is the time the request was sent.
 * 2. Which field names a customer's webhook posts: the adapter looks for Work Email, First Name /
 *    Preferred Name, Last Name, Department, Supervisor Email, Hire Date, Termination Date, Status,
 *    Employment Status. Values may come as strings or as `{ "value": … }` objects (seen in
 *    third-party examples of permissioned webhooks); both are read.
 * 3. That `fields` is empty for Created/Deleted (an AsyncAPI description says so): a hire then
 *    lacks the email the canonical event requires and is answered 400 unless Lanyard already
 *    knows the person — post the fields on creation, or rely on the Updated that follows.
 * 4. `Deleted` is read as a termination (a deleted record must not keep Trello access).
 * 5. Status/Employment Status values ("Inactive", "Terminated", "Leave of Absence") are
 *    company-configurable; the patterns below are a best guess.
 * 6. Calendar dates (Hire/Termination Date) are read in UTC: a hire is effective at 00:00Z of its
 *    date, a termination at 23:59:59Z of the last day.
 * 7. Event-Based: that `changedFields` holds API aliases ("Aliases match those returned by GET
 *    /api/v1/webhooks/monitor_fields", Employee Updated reference), that `timestamp` uses the
 *    `+0000` form of the example, and that the Form Post keys are exactly those of the example;
 *    the Get Employee base URL (`https://api.bamboohr.com/api/gateway.php/{companyDomain}/v1`, or
 *    `baseUrl` for another), and that its answer is a flat object of the requested aliases
 *    (`workEmail`, `employmentHistoryStatus`, `supervisorEmail`…), empty values as "" or null.
 *    An `employee.updated` fired right after `employee.created` (BambooHR fires both) maps to the
 *    same hire once the record has its values, and is answered duplicate or as an update.
 * 8. Without a per-entry `timestamp`, two identical changes to one person hash to the same event
 *    id, so the second within 30 days is answered as a duplicate.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { jsonSecret } from '../../adapters/secrets/json-secret.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import type { HrEventType } from '../../contracts/hr-event.ts';
import { WebhookSignatureError } from '../../core/errors.ts';
import { listIssues } from '../../core/ingest/accept-hr-event.ts';
import type { Clock } from '../../ports/clock.ts';
import { BambooHrApiCredentials } from './vendor-api-credentials.ts';
import {
  contentEventId,
  dateAt,
  type HrEventDraft,
  type HrVendorAdapter,
  hmac,
  type IgnoredChange,
  matchesAny,
  SIGNATURE_TOLERANCE_MS,
  type VendorMapping,
  vendorInstant,
} from './vendor-webhook.ts';

export const BAMBOOHR_SIGNATURE_HEADER = 'x-bamboohr-signature';
export const BAMBOOHR_TIMESTAMP_HEADER = 'x-bamboohr-timestamp';
/** Employees per delivery Lanyard takes at once (each is a few record writes and a bus event). */
export const MAX_BAMBOOHR_EMPLOYEES = 500;

/** A posted field's value: as a string, number or boolean, or wrapped in `{ "value": … }`. */
const FieldValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.looseObject({ value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional() }),
]);

const BambooEmployee = z.object({
  id: z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String),
  // UNVERIFIED: documented as required; a payload without it is read as an update.
  action: z.string().trim().optional(),
  timestamp: z.string().trim().optional(),
  changedFields: z.array(z.string()).default([]),
  fields: z.record(z.string(), FieldValue).default({}),
});
type BambooEmployee = z.infer<typeof BambooEmployee>;

export const BambooHrPayload = z.object({
  employees: z
    .array(BambooEmployee)
    .min(1, 'employees must list at least one employee')
    .max(MAX_BAMBOOHR_EMPLOYEES, `at most ${MAX_BAMBOOHR_EMPLOYEES} employees per delivery`),
});

/** Field names as Lanyard matches them: lower case, letters and digits only. */
const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const Fields = {
  email: ['workemail', 'email', 'emailaddress'],
  preferredName: ['preferredname'],
  firstName: ['firstname'],
  lastName: ['lastname', 'surname'],
  fullName: ['fullname', 'displayname', 'name'],
  department: ['department'],
  // UNVERIFIED: "Supervisor email" is the API field `supervisorEmail`; "Reporting to" is a name.
  managerEmail: ['supervisoremail', 'manageremail', 'reportingtoemail'],
  hireDate: ['hiredate'],
  terminationDate: ['terminationdate'],
  status: ['status'],
  // `employmentHistoryStatus` is the API alias of Employment Status (Event-Based reads).
  employmentStatus: ['employmentstatus', 'employmenthistorystatus'],
} as const;

/** Changes `employee.updated` stands for: email, name, department, manager. */
const PROFILE_FIELDS = new Set<string>([
  ...Fields.email,
  ...Fields.preferredName,
  ...Fields.firstName,
  ...Fields.lastName,
  ...Fields.fullName,
  ...Fields.department,
  ...Fields.managerEmail,
  'reportingto',
  'supervisor',
  'supervisorid',
  'supervisoreid',
]);
const LIFECYCLE_FIELDS = new Set<string>([
  ...Fields.status,
  ...Fields.employmentStatus,
  ...Fields.terminationDate,
]);

// UNVERIFIED: Employment Status values are company-configurable lists.
const TERMINATED_STATUS = /terminat|separat|dismiss|resign|retire/i;
const LEAVE_STATUS = /leave|sabbatical|furlough/i;

/** `LANYARD_BAMBOOHR_API_SECRET_ARN`: the same JSON, read from Secrets Manager. */
export function bamboohrApiFromSecret(
  secretArn: string,
  client?: SecretsManagerClient,
): Promise<BambooHrApiCredentials> {
  return jsonSecret(
    secretArn,
    BambooHrApiCredentials,
    '{"companyDomain": "acme", "apiKey": "…"}',
    'BambooHR API',
    client,
  );
}

/** Employee fields (API aliases) Lanyard reads for an Event-Based delivery. */
export const BAMBOOHR_EMPLOYEE_FIELDS = [
  'workEmail',
  'firstName',
  'lastName',
  'preferredName',
  'department',
  'supervisorEmail',
  'hireDate',
  'terminationDate',
  'status',
  'employmentHistoryStatus',
] as const;

/** BambooHR's API could not be used: down, refusing the key, or answering something unreadable. */
export class BambooHrApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'BambooHrApiError';
  }
}

export interface BambooHrEmployees {
  /** The employee's fields by API alias, or null when BambooHR has no such employee (404). */
  getEmployee(employeeId: string): Promise<Record<string, z.infer<typeof FieldValue>> | null>;
}

/** Reads employees with `GET /v1/employees/{id}?fields=…` (BambooHR "Get Employee"). */
export class BambooHrEmployeesClient implements BambooHrEmployees {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(
    credentials: BambooHrApiCredentials,
    options: { fetch?: typeof fetch; timeoutMs?: number } = {},
  ) {
    this.baseUrl = (
      credentials.baseUrl ?? `https://api.bamboohr.com/api/gateway.php/${credentials.companyDomain}/v1`
    ).replace(/\/+$/, '');
    // BambooHR: the API key is the Basic user name; the password is ignored ("x").
    this.authorization = `Basic ${Buffer.from(`${credentials.apiKey}:x`).toString('base64')}`;
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async getEmployee(employeeId: string): Promise<Record<string, z.infer<typeof FieldValue>> | null> {
    const url = `${this.baseUrl}/employees/${encodeURIComponent(employeeId)}?fields=${BAMBOOHR_EMPLOYEE_FIELDS.join(',')}`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        headers: { authorization: this.authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new BambooHrApiError(
        `The BambooHR API did not answer (${(error as Error).name}); retry later`,
        null,
      );
    }
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) {
      throw new BambooHrApiError(
        `The BambooHR API refused the API key (${response.status}): check LANYARD_BAMBOOHR_API and that its user may read employees`,
        response.status,
      );
    }
    if (!response.ok) {
      throw new BambooHrApiError(
        `The BambooHR API answered ${response.status}; retry later`,
        response.status,
      );
    }
    const parsed = z.record(z.string(), FieldValue).safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new BambooHrApiError(
        'The BambooHR API answered an employee Lanyard cannot read',
        response.status,
      );
    }
    return parsed.data;
  }
}

/** An Event-Based delivery (ids only), JSON or Form Post. */
export const BambooHrEvent = z.object({
  type: z.string().trim().min(1, 'type is required'),
  timestamp: z.string().trim().optional(),
  data: z.looseObject({
    companyId: z.union([z.string(), z.number()]).transform(String).optional(),
    employeeId: z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String),
    changedFields: z.array(z.string()).default([]),
  }),
});
type BambooHrEvent = z.infer<typeof BambooHrEvent>;

const EVENT_ACTIONS: Record<string, 'Created' | 'Updated' | 'Deleted'> = {
  'employee.created': 'Created',
  'employee.updated': 'Updated',
  'employee.deleted': 'Deleted',
};

export class BambooHrAdapter implements HrVendorAdapter {
  readonly vendor = 'bamboohr' as const;
  readonly label = 'BambooHR';
  readonly signatureHeaders = [BAMBOOHR_SIGNATURE_HEADER, BAMBOOHR_TIMESTAMP_HEADER] as const;
  private readonly secrets: readonly string[];

  constructor(
    secrets: readonly string[],
    private readonly clock: Clock = systemClock,
    /** Reads employees for Event-Based deliveries; without it only `employee.deleted` maps. */
    private readonly employees: BambooHrEmployees | null = null,
  ) {
    if (secrets.length === 0) throw new Error('At least one BambooHR webhook private key is required');
    this.secrets = secrets;
  }

  isPing(): boolean {
    return false; // BambooHR's "test" sends an ordinary signed delivery
  }

  verify(rawBody: string, headers: Record<string, string | undefined>): void {
    const signature = headers[BAMBOOHR_SIGNATURE_HEADER]?.trim() ?? '';
    const timestamp = headers[BAMBOOHR_TIMESTAMP_HEADER]?.trim() ?? '';
    const missing = [
      ...(signature ? [] : ['X-BambooHR-Signature']),
      ...(timestamp ? [] : ['X-BambooHR-Timestamp']),
    ];
    if (missing.length > 0) {
      throw new WebhookSignatureError(
        `Missing header(s): ${missing.join(', ')}; set a private key on the BambooHR webhook so it signs its deliveries`,
      );
    }
    const sentAt = bambooTimestamp(timestamp);
    if (sentAt === null) {
      throw new WebhookSignatureError('X-BambooHR-Timestamp is neither Unix time nor an ISO 8601 date-time');
    }
    const skew = this.clock.now().getTime() - sentAt;
    if (Math.abs(skew) > SIGNATURE_TOLERANCE_MS) {
      throw new WebhookSignatureError(
        `X-BambooHR-Timestamp is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'old' : 'ahead'}; deliveries must be signed within 5 minutes of now`,
      );
    }
    const provided = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
    const expected = this.secrets.map((secret) => hmac('sha256', secret, `${rawBody}${timestamp}`));
    if (!matchesAny(provided, expected)) {
      throw new WebhookSignatureError(
        'No valid signature: X-BambooHR-Signature must be the hex HMAC-SHA256 of the body followed by X-BambooHR-Timestamp, keyed with a configured private key',
      );
    }
  }

  async map(rawBody: string, headers: Record<string, string | undefined>): Promise<VendorMapping> {
    const sentAt = bambooTimestamp(headers[BAMBOOHR_TIMESTAMP_HEADER]?.trim() ?? '');
    const fallbackTime = new Date(sentAt ?? this.clock.now().getTime()).toISOString();
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      const form = formPostEvent(rawBody);
      if (form === null) {
        return {
          ok: false,
          message:
            'The body is not JSON: set the BambooHR webhook format to JSON (a Form Post is read for Event-Based webhooks only)',
          issues: [],
        };
      }
      json = form;
    }
    if (json !== null && typeof json === 'object' && 'type' in json && !('employees' in json)) {
      return this.mapEvent(json, fallbackTime);
    }
    const parsed = BambooHrPayload.safeParse(json);
    if (!parsed.success) {
      const issues = listIssues(parsed.error.issues);
      return {
        ok: false,
        message: `The BambooHR delivery is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      };
    }
    const events: HrEventDraft[] = [];
    const ignored: IgnoredChange[] = [];
    for (const entry of parsed.data.employees) {
      const mapped = mapEntry(entry, fallbackTime);
      if ('reason' in mapped) ignored.push(mapped);
      else events.push(mapped);
    }
    return { ok: true, events, ignored };
  }

  /** An Event-Based delivery: the employee's current fields read from the API, then mapped as above. */
  private async mapEvent(json: unknown, fallbackTime: string): Promise<VendorMapping> {
    const parsed = BambooHrEvent.safeParse(json);
    if (!parsed.success) {
      const issues = listIssues(parsed.error.issues);
      return {
        ok: false,
        message: `The BambooHR Event-Based delivery is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      };
    }
    const event: BambooHrEvent = parsed.data;
    const employeeId = event.data.employeeId;
    const action = EVENT_ACTIONS[event.type];
    if (!action) {
      return {
        ok: true,
        events: [],
        ignored: [{ employeeId, reason: `${event.type} is not an event Lanyard acts on` }],
      };
    }
    let fields: Record<string, z.infer<typeof FieldValue>> = {};
    if (action !== 'Deleted') {
      if (this.employees === null) {
        return {
          ok: false,
          message: `BambooHR sent an Event-Based ${event.type} (ids only): Lanyard reads the employee's fields from the BambooHR API, so configure LANYARD_BAMBOOHR_API {"companyDomain", "apiKey"} (or use the Field-Based format)`,
          issues: [],
        };
      }
      const found = await this.employees.getEmployee(employeeId);
      if (found === null) {
        return {
          ok: true,
          events: [],
          ignored: [{ employeeId, reason: `employee ${employeeId} is not in BambooHR (any more)` }],
        };
      }
      fields = found;
    }
    const entry: BambooEmployee = {
      id: employeeId,
      action,
      timestamp: event.timestamp,
      // Created reads every field as changed: a hire is told by its action, not its fields.
      changedFields: event.data.changedFields,
      fields,
    };
    const mapped = mapEntry(entry, fallbackTime);
    if ('reason' in mapped) return { ok: true, events: [], ignored: [mapped] };
    // The id comes from the delivery (what BambooHR said happened), not from the values read now,
    // so a redelivery is a duplicate even if the record changed since.
    mapped.id = contentEventId('bamboohr', {
      type: event.type,
      employeeId,
      timestamp: event.timestamp ?? null,
      changedFields: [...event.data.changedFields].sort(),
    });
    return { ok: true, events: [mapped], ignored: [] };
  }
}

/** An Event-Based Form Post (`type=…&data[employeeId]=…&data[changedFields][0]=…`), or null. */
function formPostEvent(rawBody: string): unknown {
  const params = new URLSearchParams(rawBody.trim());
  const type = params.get('type');
  if (!type) return null;
  const changedFields = [...params.entries()]
    .filter(([name]) => /^data\[changedFields\]\[\d+\]$/.test(name))
    .sort(([a], [b]) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')))
    .map(([, value]) => value);
  return {
    type,
    ...(params.get('timestamp') ? { timestamp: params.get('timestamp') } : {}),
    data: {
      ...(params.get('data[companyId]') ? { companyId: params.get('data[companyId]') } : {}),
      employeeId: params.get('data[employeeId]') ?? undefined,
      changedFields,
    },
  };
}

function mapEntry(entry: BambooEmployee, fallbackTime: string): HrEventDraft | IgnoredChange {
  const fields = new Map<string, string | null>();
  for (const [name, value] of Object.entries(entry.fields)) fields.set(key(name), textOf(value));
  const read = (names: readonly string[]) => {
    for (const name of names) {
      const value = fields.get(name);
      if (value) return value;
    }
    return null;
  };
  const changed = new Set(entry.changedFields.map(key));
  const action = key(entry.action ?? 'updated');
  const occurredAt = vendorInstant(entry.timestamp) ?? fallbackTime;
  const status = read(Fields.status);
  const employmentStatus = read(Fields.employmentStatus);
  const terminationDate = read(Fields.terminationDate);
  const hireDate = read(Fields.hireDate);

  let type: HrEventType;
  let effectiveAt = occurredAt;
  if (action === 'deleted') {
    type = 'employee.terminated';
  } else if (action === 'created') {
    if (
      status?.toLowerCase() === 'inactive' ||
      (employmentStatus && TERMINATED_STATUS.test(employmentStatus))
    )
      return { employeeId: entry.id, reason: `employee ${entry.id} was created inactive` };
    type = 'employee.hired';
    effectiveAt = dateAt(hireDate, '00:00:00') ?? occurredAt;
  } else if (action === 'updated') {
    const lifecycleChanged = [...changed].some((f) => LIFECYCLE_FIELDS.has(f));
    const terminated =
      status?.toLowerCase() === 'inactive' ||
      (employmentStatus !== null && TERMINATED_STATUS.test(employmentStatus)) ||
      (Fields.terminationDate.some((f) => changed.has(f)) && terminationDate !== null);
    if (lifecycleChanged && terminated) {
      type = 'employee.terminated';
      effectiveAt = dateAt(terminationDate, '23:59:59') ?? occurredAt;
    } else if (
      Fields.employmentStatus.some((f) => changed.has(f)) &&
      employmentStatus !== null &&
      LEAVE_STATUS.test(employmentStatus)
    ) {
      type = 'employee.leave_started';
    } else if (Fields.status.some((f) => changed.has(f)) && status?.toLowerCase() === 'active') {
      type = 'employee.rehired';
      const rehiredOn = dateAt(hireDate, '00:00:00');
      effectiveAt = rehiredOn && rehiredOn > occurredAt ? rehiredOn : occurredAt;
    } else if ([...changed].some((f) => PROFILE_FIELDS.has(f))) {
      type = 'employee.updated';
    } else {
      return {
        employeeId: entry.id,
        reason: `employee ${entry.id}: no change Lanyard acts on (${entry.changedFields.join(', ') || 'no changed fields'})`,
      };
    }
  } else {
    return { employeeId: entry.id, reason: `employee ${entry.id}: unknown action "${entry.action}"` };
  }

  const preferred = read(Fields.preferredName) ?? read(Fields.firstName);
  const last = read(Fields.lastName);
  const fullName = preferred && last ? `${preferred} ${last}` : (read(Fields.fullName) ?? preferred ?? last);
  return {
    id: contentEventId('bamboohr', {
      employeeId: entry.id,
      action: entry.action ?? null,
      timestamp: entry.timestamp ?? null,
      changedFields: [...entry.changedFields].sort(),
      fields: entry.fields,
    }),
    type,
    occurredAt,
    effectiveAt,
    employee: {
      id: entry.id,
      email: read(Fields.email),
      fullName,
      department: read(Fields.department),
      managerEmail: read(Fields.managerEmail),
    },
  };
}

function textOf(value: z.infer<typeof FieldValue>): string | null {
  const raw = value !== null && typeof value === 'object' ? value.value : value;
  if (raw === null || raw === undefined) return null;
  const text = String(raw).trim();
  // BambooHR shows an unset date as 0000-00-00.
  return text === '' || text === '0000-00-00' ? null : text;
}

/** Epoch ms of an `X-BambooHR-Timestamp`: Unix seconds, Unix milliseconds or ISO 8601. */
export function bambooTimestamp(value: string): number | null {
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  if (/^\d{12,14}$/.test(value)) return Number(value);
  const instant = vendorInstant(value);
  return instant === null ? null : Date.parse(instant);
}

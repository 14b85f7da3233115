/**
 * The hash an HR event's de-duplication marker keeps: SHA-256 of the validated canonical event,
 * serialized canonically, so every door that maps onto the same canonical event (the signed
 * webhook, a vendor adapter, a CSV import) hashes the same whatever key order or instant notation
 * it used. Two deliveries under one id with different hashes are different events: the first is
 * kept and the second is refused as an event-id conflict.
 */
import { createHash } from 'node:crypto';
import type { HrEvent } from '../../contracts/hr-event.ts';

/**
 * The event as hashed: instants as UTC milliseconds (`…T09:00:00Z` and `…T10:00:00+01:00` are one
 * instant), an absent department or manager as null, an absent `urgent` as false. Emails are
 * already lower-cased and strings trimmed by the HrEvent schema.
 */
export function canonicalHrEvent(event: HrEvent): Record<string, unknown> {
  return {
    ...event,
    occurredAt: utcInstant(event.occurredAt),
    effectiveAt: utcInstant(event.effectiveAt),
    employee: {
      ...event.employee,
      department: event.employee.department ?? null,
      managerEmail: event.employee.managerEmail ?? null,
    },
    urgent: event.urgent ?? false,
  };
}

/**
 * SHA-256 (hex) of the canonical event's stable JSON. `times: false` leaves `occurredAt` and
 * `effectiveAt` out, for events whose times are Lanyard's own clock rather than HR's.
 */
export function hrEventBodyHash(event: HrEvent, options: { times?: boolean } = {}): string {
  const canonical = canonicalHrEvent(event);
  if (options.times === false) {
    delete canonical.occurredAt;
    delete canonical.effectiveAt;
  }
  return createHash('sha256').update(stableJson(canonical), 'utf8').digest('hex');
}

/** JSON with object keys sorted (undefined members left out), so equal content serializes equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function utcInstant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

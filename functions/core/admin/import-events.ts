/**
 * Applies a validated CSV import: each event goes through the same acceptance as a webhook
 * delivery (de-duplication, HR order, then the bus). One person's rows go in file order; different
 * people's rows go in parallel, a few at a time, so a chunk fits in the API's 30-second window.
 *
 * Every row answers one status (bulk-status.ts): `added` (accepted, its run started),
 * `already-there` (a duplicate), `refused-by-policy` (older than what is applied: HR order), or
 * `failed` with the reason (e.g. the same event id with another body). A failed row does not stop
 * the others.
 */
import type { HrEvent } from '../../contracts/hr-event.ts';
import { type AcceptHrEventDeps, acceptHrEvent } from '../ingest/accept-hr-event.ts';
import { type BulkStatus, countStatuses, statusOfError } from './bulk-status.ts';

const PARALLEL_PEOPLE = 8;

export interface ImportRowResult {
  line: number;
  eventId: string;
  outcome: 'accepted' | 'duplicate' | 'stale' | 'failed';
  message?: string;
  status: BulkStatus;
  /** Why, for every status but `added`. */
  reason?: string;
}

const STATUS_OF = { accepted: 'added', duplicate: 'already-there', stale: 'refused-by-policy' } as const;

export async function importEvents(events: Array<{ line: number; event: HrEvent }>, deps: AcceptHrEventDeps) {
  const byPerson = new Map<string, Array<{ line: number; event: HrEvent }>>();
  for (const row of events) {
    const rows = byPerson.get(row.event.employee.id) ?? [];
    rows.push(row);
    byPerson.set(row.event.employee.id, rows);
  }
  const queue = [...byPerson.values()];
  const results: ImportRowResult[] = [];
  const worker = async () => {
    for (let rows = queue.shift(); rows !== undefined; rows = queue.shift()) {
      for (const { line, event } of rows) {
        results.push(await importRow(line, event, deps));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PEOPLE, queue.length) }, worker));
  results.sort((a, b) => a.line - b.line);
  const count = (outcome: ImportRowResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    rows: results.length,
    accepted: count('accepted'),
    duplicates: count('duplicate'),
    stale: count('stale'),
    failed: count('failed'),
    statuses: countStatuses(results),
    results,
  };
}

async function importRow(line: number, event: HrEvent, deps: AcceptHrEventDeps): Promise<ImportRowResult> {
  try {
    const result = await acceptHrEvent(event, deps);
    return {
      line,
      eventId: result.eventId,
      outcome: result.outcome,
      status: STATUS_OF[result.outcome],
      ...('message' in result ? { message: result.message, reason: result.message } : {}),
    };
  } catch (error) {
    const { status, reason } = statusOfError(error);
    return { line, eventId: event.id, outcome: 'failed', message: reason, status, reason };
  }
}

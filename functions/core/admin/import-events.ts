/**
 * Applies a validated CSV import: each event goes through the same acceptance as a webhook
 * delivery (de-duplication, HR order, then the bus). One person's rows go in file order; different
 * people's rows go in parallel, a few at a time, so a chunk fits in the API's 30-second window.
 */
import type { HrEvent } from '../../contracts/hr-event.ts';
import { type AcceptHrEventDeps, acceptHrEvent } from '../ingest/accept-hr-event.ts';

const PARALLEL_PEOPLE = 8;

export interface ImportRowResult {
  line: number;
  eventId: string;
  outcome: 'accepted' | 'duplicate' | 'stale';
  message?: string;
}

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
        const result = await acceptHrEvent(event, deps);
        results.push({
          line,
          eventId: result.eventId,
          outcome: result.outcome,
          ...('message' in result ? { message: result.message } : {}),
        });
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
    results,
  };
}

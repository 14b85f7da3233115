import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { z } from 'zod';
import { ImportResult } from '../../functions/api/admin/admin-schemas.ts';
import { countStatuses } from '../../functions/core/admin/bulk-status.ts';
import { eventsToCsv, MAX_IMPORT_ROWS, parseEventsCsv } from '../../functions/core/admin/parse-events-csv.ts';
import type { Context } from '../lanyard.ts';
import { print, table } from '../output.ts';
import { readCsvFile } from '../read-csv-file.ts';

/**
 * Rows per request: well under the API's cap (MAX_IMPORT_ROWS), so each request ends well within
 * the admin API's 29 s (API Gateway's limit) even when the records table is busy; a file of any
 * size still goes through, a chunk at a time.
 */
const ROWS_PER_REQUEST = Math.min(100, MAX_IMPORT_ROWS);

/**
 * `lanyard import <csv>`: the whole file is validated here first with the API's own parser, so a
 * bad row anywhere refuses the file before anything is sent; then it goes in chunks the API
 * accepts (each row with its event id, so a re-run is all duplicates), with a progress bar.
 * It prints one status per row (added, already-there, refused-by-policy, failed, with the reason)
 * as a table, or the API's totals and rows with `--json`.
 */
export function importCommand(program: Command, context: () => Context): void {
  program
    .command('import <csv>')
    .description(`Import a CSV of HR events (validated whole, then sent ${ROWS_PER_REQUEST} rows at a time)`)
    .action(async (file: string) => {
      const { client, output } = context();
      const { parsed } = readCsvFile(file, (text) => parseEventsCsv(text, Number.POSITIVE_INFINITY));
      const rows = parsed.events;
      const bar =
        rows.length > ROWS_PER_REQUEST && process.stderr.isTTY
          ? new SingleBar({ stream: process.stderr, format: 'Importing [{bar}] {value}/{total} rows' })
          : null;
      bar?.start(rows.length, 0);
      const totals = {
        rows: 0,
        accepted: 0,
        duplicates: 0,
        stale: 0,
        failed: 0,
        statuses: countStatuses([]),
        results: [] as z.infer<typeof ImportResult>['results'],
      };
      for (let start = 0; start < rows.length; start += ROWS_PER_REQUEST) {
        const chunk = rows.slice(start, start + ROWS_PER_REQUEST);
        const result = await client.request(ImportResult, 'POST', '/admin/imports', {
          body: eventsToCsv(chunk.map((r) => r.event)),
          contentType: 'text/csv',
        });
        totals.rows += result.rows;
        totals.accepted += result.accepted;
        totals.duplicates += result.duplicates;
        totals.stale += result.stale;
        totals.failed += result.failed;
        // The API numbers the chunk's lines (header = 1); report the file's own line numbers.
        totals.results.push(
          ...result.results.map((r) => ({ ...r, line: chunk[r.line - 2]?.line ?? r.line })),
        );
        bar?.update(start + chunk.length);
      }
      bar?.stop();
      totals.statuses = countStatuses(totals.results);
      const s = totals.statuses;
      print(output, totals, () =>
        [
          `${totals.rows} rows: ${s.added} added, ${s['already-there']} already there, ${s['refused-by-policy']} refused by policy, ${s.failed} failed`,
          table(
            totals.results.map((r) => ({
              line: r.line,
              event: r.eventId,
              status: r.status,
              reason: r.reason,
            })),
            ['line', 'event', 'status', 'reason'],
          ),
        ].join('\n'),
      );
    });
}

import type { Command } from 'commander';
import { z } from 'zod';
import { Seats } from '../../functions/api/admin/admin-schemas.ts';
import type { Context } from '../lanyard.ts';
import { print, table } from '../output.ts';

const Released = z.object({
  released: z.array(z.string()),
  stillQueued: z.number().int(),
  retried: z.array(z.string()),
});

/** Upcoming hires listed by name; the count covers the rest. */
const UPCOMING_SHOWN = 10;

/** `lanyard seats [show]`: the seat counts and who waits for one; `seats release` when seats were bought. */
export function seatsCommand(program: Command, context: () => Context): void {
  const seats = program
    .command('seats')
    .description(
      'License seats: in use and free (read from Trello now), the hires queued for one, upcoming hires',
    );
  seats
    .command('show', { isDefault: true })
    .description('Seat counts, the queue of hires waiting for a seat (HR order) and upcoming hires')
    .action(async () => {
      const { client, output } = context();
      const report = await client.request(Seats, 'GET', '/admin/seats');
      print(output, report, () => seatsText(report));
    });
  seats
    .command('release')
    .description('Seats were bought: give them to the hires queued for one, in HR order')
    .requiredOption('--reason <text>', 'what changed, e.g. "bought 10 seats" (kept in the audit trail)')
    .action(async (options: { reason: string }) => {
      const { client, output } = context();
      const answer = await client.request(Released, 'POST', '/admin/seats/release', {
        body: JSON.stringify({ reason: options.reason }),
      });
      print(
        output,
        answer,
        () =>
          `Released ${answer.released.length} queued ${answer.released.length === 1 ? 'hire' : 'hires'}${
            answer.retried.length > 0 ? `, started ${answer.retried.length} failed for a seat again` : ''
          }; ${answer.stillQueued} still queued.`,
      );
    });
}

/** The report as a person reads it: counts, then the queue in HR order, then what is coming. */
export function seatsText(report: z.infer<typeof Seats>): string {
  const lines = [
    `${report.used} used of ${report.total ?? 'unlimited'}; ${report.available ?? 'unlimited'} available (${report.checkedAt})`,
    '',
    report.queued.length === 0
      ? 'Queued for a seat: nobody.'
      : `Queued for a seat, in HR order (${report.queued.length}):`,
  ];
  if (report.queued.length > 0) {
    lines.push(
      table(
        report.queued.map((q, i) => ({
          '#': i + 1,
          person: q.person ? `${q.person.fullName} <${q.person.email}>` : (q.email ?? '-'),
          employee: q.employeeId,
          start: q.effectiveAt,
          approval: q.approvalId,
        })),
        ['#', 'person', 'employee', 'start', 'approval'],
      ),
      'When seats were bought: npx lanyard seats release --reason "bought N seats"   (or approve one: npx lanyard approvals approve <approval>)',
    );
  }
  lines.push(
    '',
    report.upcoming.length === 0
      ? 'Upcoming hires (start date ahead): none.'
      : `Upcoming hires (start date ahead): ${report.upcoming.length}`,
  );
  if (report.upcoming.length > 0) {
    const shown = report.upcoming.slice(0, UPCOMING_SHOWN);
    lines.push(
      table(
        shown.map((u) => ({ employee: u.employeeId, start: u.effectiveAt })),
        ['employee', 'start'],
      ),
      ...(report.upcoming.length > shown.length
        ? [`… and ${report.upcoming.length - shown.length} more (--json lists them all)`]
        : []),
    );
  }
  if (report.forecastAvailable !== null) {
    lines.push(
      report.forecastAvailable < 0
        ? `Forecast: ${-report.forecastAvailable} ${report.forecastAvailable === -1 ? 'seat' : 'seats'} short once every queued and upcoming hire has one`
        : `Forecast: ${report.forecastAvailable} available once every queued and upcoming hire has a seat`,
    );
  }
  return lines.join('\n');
}

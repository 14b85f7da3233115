import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AuditEntry, page, Seats } from '../../functions/api/admin/admin-schemas.ts';
import type { Context } from '../lanyard.ts';
import { print } from '../output.ts';

export function seatsCommand(program: Command, context: () => Context): void {
  program
    .command('seats')
    .description('License seats in use and free, read from Trello now')
    .action(async () => {
      const { client, output } = context();
      const seats = await client.request(Seats, 'GET', '/admin/seats');
      print(
        output,
        seats,
        () =>
          `${seats.used} used of ${seats.total ?? 'unlimited'}; ${seats.available ?? 'unlimited'} available (${seats.checkedAt})`,
      );
    });
}

export function auditCommand(program: Command, context: () => Context): void {
  program
    .command('audit')
    .description('The audit trail')
    .command('export')
    .description('Every audit entry since a date, as CSV (default) or JSON')
    .requiredOption('--since <date>', 'a date (2026-11-01) or an ISO date-time')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: { since: string; format: string; out?: string }) => {
      const { client } = context();
      const since = encodeURIComponent(options.since);
      let content: string;
      if (options.format === 'csv') {
        content = await client.raw('GET', `/admin/audit?since=${since}&format=csv`);
      } else {
        const entries = [];
        let cursor: string | null = null;
        do {
          const query: string = `/admin/audit?since=${since}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const result = await client.request(page(AuditEntry, 'AuditPage'), 'GET', query);
          entries.push(...result.items);
          cursor = result.nextCursor;
        } while (cursor !== null);
        content = `${JSON.stringify(entries, null, 2)}\n`;
      }
      if (options.out) {
        writeFileSync(options.out, content);
        process.stderr.write(`Wrote ${options.out}\n`);
      } else process.stdout.write(content);
    });
}

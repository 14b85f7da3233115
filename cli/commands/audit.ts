import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import { verifyExport } from '../../functions/adapters/dynamodb/audit-chain.ts';
import { AuditEntry, AuditVerification, page } from '../../functions/api/admin/admin-schemas.ts';
import { CliError } from '../cli-error.ts';
import type { Context } from '../lanyard.ts';
import { print } from '../output.ts';

export function auditCommand(program: Command, context: () => Context): void {
  const audit = program.command('audit').description('The audit trail');
  audit
    .command('verify')
    .description(
      "Checks the audit trail's hash chains (via the API, or an exported JSON file offline); exits 1 naming the first broken entry",
    )
    .option('--since <day>', 'check the days from this one (2026-11-01); default: every day')
    .option('--file <export.json>', 'check a JSON export offline instead (from `audit export --format json`)')
    .action(async (options: { since?: string; file?: string }, command: Command) => {
      // Offline, no API is needed (nor configured, perhaps): only the --json flag is read.
      const output = { json: Boolean(command.optsWithGlobals<{ json?: boolean }>().json) };
      let verification: z.infer<typeof AuditVerification>;
      if (options.file) {
        verification = verifyExport(readExport(options.file));
      } else {
        const query = options.since ? `?since=${encodeURIComponent(options.since)}` : '';
        verification = await context().client.request(
          AuditVerification,
          'GET',
          `/admin/audit/verify${query}`,
        );
      }
      const broken = verification.firstBroken;
      const entries = verification.checked === 1 ? '1 entry' : `${verification.checked} entries`;
      if (broken === null) {
        print(output, verification, () => `Audit trail intact: ${entries} checked`);
        return;
      }
      const what = `${broken.day} #${broken.seq}${broken.id ? ` (${broken.id})` : ''}`;
      if (output.json) print(output, verification, () => '');
      throw new CliError(
        `Audit trail broken: entry ${what} was ${broken.problem}; ${entries} before it checked out`,
        1,
      );
    });
  audit
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

function readExport(file: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read ${file} as JSON: ${(error as Error).message}`, 2);
  }
  if (!Array.isArray(parsed)) {
    throw new CliError(
      `${file} is not an audit export (a JSON array of entries, from audit export --format json)`,
      2,
    );
  }
  return parsed;
}

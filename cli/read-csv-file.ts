import { readFileSync } from 'node:fs';
import type { CsvRefusal } from '../functions/core/admin/csv-records.ts';
import { CliError } from './cli-error.ts';

/**
 * Reads a CSV file the CLI is about to send and checks it with the API's own parser first, so
 * each bad row is named (line and problem) before anything is sent.
 */
export function readCsvFile<T extends { ok: true }>(
  file: string,
  parse: (text: string) => T | CsvRefusal,
): { text: string; parsed: T } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, 2);
  }
  const parsed = parse(text);
  if (isRefusal(parsed)) {
    const lines = parsed.rows.map((r) => `  line ${r.line}: ${r.problems.join('; ')}`).join('\n');
    throw new CliError(`${file}: ${parsed.message}${lines ? `\n${lines}` : ''}`, 1);
  }
  return { text, parsed };
}

function isRefusal(parsed: { ok: boolean }): parsed is CsvRefusal {
  return !parsed.ok;
}

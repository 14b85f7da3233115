/**
 * What the CSV files admins send (HR events to import, an HR export to reconcile against) share:
 * the rows of a file with a header row — a BOM, spaces around values and blank lines tolerated —
 * each with its line, or why it is not CSV at all; and the shape of a refusal that names each
 * bad row, so nothing is applied from a file with one.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRowProblem {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  problems: string[];
}

/** A file refused whole: what to do, and each bad row with what is wrong. */
export interface CsvRefusal {
  ok: false;
  message: string;
  rows: CsvRowProblem[];
}

export interface CsvRecord {
  /** Values by header name (trimmed). */
  record: Record<string, string>;
  info: { lines: number };
}

/** The file's rows, or a refusal naming where `what` stopped being CSV. */
export function readCsvRecords(text: string, what: string): { ok: true; records: CsvRecord[] } | CsvRefusal {
  try {
    const records: CsvRecord[] = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
    return { ok: true, records };
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return {
      ok: false,
      message: `${what} is not valid CSV: ${(error as Error).message}`,
      rows: [{ line, problems: [(error as Error).message] }],
    };
  }
}

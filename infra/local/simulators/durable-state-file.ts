/**
 * A simulator's state on disk, kept so that a crash (`kill -9`) loses nothing the simulator has
 * answered: the last snapshot (`<file>`) and an append-only journal (`<file>.journal`) of what
 * changed since, one JSON line per change, written before the simulator answers. Opening reads
 * both (the simulator replays the journal over the snapshot); compact() writes a new snapshot and
 * empties the journal (at start, and on a graceful stop).
 *
 * The journal's first line names the snapshot it follows by its SHA-256. A crash after a new
 * snapshot is written and before the journal is emptied leaves a journal of the older snapshot:
 * it is skipped, its changes being in the new snapshot. A crash in the middle of a line leaves a
 * line without its newline at the end: it is dropped (its change was never answered).
 *
 * Lines reach the operating system before the answer, so a killed process loses none; they are
 * not fsync'ed, so a power cut may lose the last ones: the simulators stand in for remote
 * services on a developer's machine, and a sync per change would slow every run.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { PRIVATE_FILE_MODE, writePrivateFile } from '../private-files.ts';

/**
 * Changes journaled before the owner writes a new snapshot on its own: it bounds the journal a long
 * session leaves (and the replay at the next start), at the cost of one snapshot write per that
 * many changes.
 */
export const COMPACT_AFTER_CHANGES = 10_000;

export interface DurableStateContents {
  /** The snapshot's text, or null when there is none yet (first start). */
  snapshot: string | null;
  /** The journal's entries written after that snapshot, oldest first, parsed as JSON. */
  entries: unknown[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readIfPresent(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** The entries of `journal` that follow `snapshot`; [] when the journal belongs to another snapshot. */
function journalEntries(journalFile: string, text: string | null, snapshot: string | null): unknown[] {
  if (text === null || text === '' || snapshot === null) return [];
  const lines = text.split('\n');
  // The part after the last newline is a line a crash cut short (or '' when the file is whole).
  lines.pop();
  const [header, ...rest] = lines;
  // No whole header: a crash while compacting, after the new snapshot was written.
  if (header === undefined) return [];
  const base = parseLine(journalFile, header, 1) as { base?: unknown } | null;
  if (base?.base !== sha256(snapshot)) return [];
  return rest.map((line, index) => parseLine(journalFile, line, index + 2));
}

function parseLine(journalFile: string, line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(
      `${journalFile} line ${number} is not JSON: the simulator's journal is damaged. ` +
        'Move it away to start from the last snapshot, or delete both files to start afresh.',
    );
  }
}

export class DurableStateFile {
  readonly #file: string;
  readonly #journalFile: string;
  #fd: number | null;
  #sinceCompaction = 0;

  private constructor(file: string) {
    this.#file = file;
    this.#journalFile = `${file}.journal`;
    this.#fd = openSync(this.#journalFile, 'a', PRIVATE_FILE_MODE);
    fchmodSync(this.#fd, PRIVATE_FILE_MODE); // the mode above applies only when the file is created
  }

  /** Opens (or creates) the state at `file`: what it holds, and the handle to journal and compact with. */
  static open(file: string): { store: DurableStateFile; contents: DurableStateContents } {
    const snapshot = readIfPresent(file);
    const journalFile = `${file}.journal`;
    const entries = journalEntries(journalFile, readIfPresent(journalFile), snapshot);
    return { store: new DurableStateFile(file), contents: { snapshot, entries } };
  }

  /**
   * Appends one change; it is on disk (as far as a killed process is concerned) when this returns.
   * After `compactAfter` changes, writes `snapshot()` as the new base.
   */
  append(entry: unknown, snapshot: () => string, compactAfter = COMPACT_AFTER_CHANGES): void {
    if (this.#fd === null) throw new Error(`${this.#journalFile} is closed`);
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
    this.#sinceCompaction += 1;
    if (this.#sinceCompaction >= compactAfter) this.compact(snapshot());
  }

  /** Writes `snapshot` as the new base (atomically) and empties the journal. */
  compact(snapshot: string): void {
    if (this.#fd === null) throw new Error(`${this.#journalFile} is closed`);
    writePrivateFile(this.#file, snapshot, { atomic: true });
    ftruncateSync(this.#fd, 0);
    // The descriptor appends, so after the truncation this is the first line.
    writeSync(this.#fd, `${JSON.stringify({ base: sha256(snapshot) })}\n`);
    this.#sinceCompaction = 0;
  }

  close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }
}

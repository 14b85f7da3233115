/**
 * Reads what the simulators journaled (durable-state-file.ts: one JSON line per change, written
 * before the simulator answered) since a mark, so a test counts Trello-side and IdP-side effects
 * where they landed: the Trello simulator journals each state operation (`{at, op, args, ok}`),
 * an IdP simulator the whole user after each change (`{user}`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface TrelloJournalEntry {
  at: number;
  op: string;
  args: unknown[];
  ok: boolean;
}

export interface IdpJournalEntry {
  user: { id: string; email: string; signInActive: boolean; accountActive: boolean; status: string };
}

interface Mark {
  header: string;
  lines: number;
}

export class JournalReader<T> {
  #mark: Mark;

  /**
   * `from: 'now'` reads what comes after this moment; `'start'` everything since the last
   * compaction too — what a simulator that compacted at its start journaled before the reader was
   * made (a crash test reads each stack start's journal this way, and the last one's before the kill).
   */
  constructor(
    private readonly file: string,
    from: 'now' | 'start' = 'now',
  ) {
    const { mark } = this.#read();
    this.#mark = from === 'now' ? mark : { header: mark.header, lines: 0 };
  }

  /** The entries journaled since the last call (or since this reader was made). */
  since(): T[] {
    const { mark, lines } = this.#read();
    if (mark.header !== this.#mark.header)
      // A compaction (every 10,000 changes: durable-state-file.ts) folded entries into the snapshot.
      throw new Error(`${path.basename(this.file)} was compacted between two readings: start a fresh stack`);
    const entries = lines.slice(this.#mark.lines).map((line) => JSON.parse(line) as T);
    this.#mark = mark;
    return entries;
  }

  #read(): { mark: Mark; lines: string[] } {
    const text = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    const all = text.split('\n');
    all.pop(); // the part after the last newline: '' or a line still being written
    const [header = '', ...lines] = all;
    return { mark: { header, lines: lines.length }, lines };
  }
}

export function trelloJournal(
  dataDir: string,
  from: 'now' | 'start' = 'now',
): JournalReader<TrelloJournalEntry> {
  return new JournalReader(path.join(dataDir, 'trello-state.json.journal'), from);
}

export function idpJournal(
  dataDir: string,
  kind: string,
  from: 'now' | 'start' = 'now',
): JournalReader<IdpJournalEntry> {
  return new JournalReader(path.join(dataDir, `idp-${kind}-state.json.journal`), from);
}

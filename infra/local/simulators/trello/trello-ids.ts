// ref: shared/reference/trello/NOTES.md §1 — TrelloID pattern ^[0-9a-fA-F]{24}$
const TRELLO_ID = /^[0-9a-fA-F]{24}$/;

export function isTrelloId(value: string): boolean {
  return TRELLO_ID.test(value);
}

/**
 * Makes ObjectId-shaped ids (8 hex seconds, 10 hex "machine", 6 hex counter) without randomness,
 * so a seed and the same sequence of operations always give the same ids. Ids made later sort
 * after earlier ones, which keeps the sorted member index cheap to append to.
 */
export class IdFactory {
  readonly #machineHex: string;
  #counter: number;
  #lastSeconds = -1;
  #prefix = '';

  constructor(machineHex: string, counter = 0) {
    if (!/^[0-9a-f]{10}$/.test(machineHex)) throw new Error('machineHex must be 10 lower-case hex digits');
    this.#machineHex = machineHex;
    this.#counter = counter;
  }

  get counter(): number {
    return this.#counter;
  }

  next(atMs: number): string {
    const seconds = Math.max(0, Math.floor(atMs / 1000)) % 0x100000000;
    if (seconds !== this.#lastSeconds) {
      this.#lastSeconds = seconds;
      this.#prefix = seconds.toString(16).padStart(8, '0') + this.#machineHex;
    }
    const count = this.#counter % 0x1000000;
    this.#counter += 1;
    return this.#prefix + (count + 0x1000000).toString(16).slice(1);
  }
}

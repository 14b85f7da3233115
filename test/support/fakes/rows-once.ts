/**
 * Rows of a parent record (a sweep's members, a reconciliation's findings and sightings), each
 * written once: adding a row again keeps the first, so a re-run never undoes a later state.
 */
import { copy } from './memory-pages.ts';

export class RowsOnce<T extends object> {
  private readonly rows = new Map<string, Map<string, T>>();

  add(parent: string, rows: readonly T[], keyOf: (row: T) => string): void {
    const stored = this.rows.get(parent) ?? new Map<string, T>();
    this.rows.set(parent, stored);
    for (const row of rows) if (!stored.has(keyOf(row))) stored.set(keyOf(row), copy(row));
  }

  get(parent: string, keys: readonly string[]): Map<string, T> {
    const found = new Map<string, T>();
    for (const key of keys) {
      const row = this.rows.get(parent)?.get(key);
      if (row) found.set(key, copy(row));
    }
    return found;
  }

  /** Changes a row only while its state is one of `from`; false (nothing changed) otherwise. */
  move(parent: string, key: string, from: readonly string[], change: (row: T) => void): boolean {
    const row = this.rows.get(parent)?.get(key);
    const state = (row as { state?: unknown } | undefined)?.state;
    if (row === undefined || typeof state !== 'string' || !from.includes(state)) return false;
    change(row);
    return true;
  }

  /** Every row of the parent, in key order. */
  list(parent: string): T[] {
    return [...(this.rows.get(parent)?.entries() ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => copy(row));
  }
}

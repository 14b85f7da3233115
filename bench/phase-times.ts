/**
 * Where a workflow's time went, from its execution history: each phase runs from the first entry
 * of its first state (or the first event a predicate picks: a pass boundary inside a loop) to the
 * start of the next phase found (the last one to the history's end). Phases a run never entered
 * are left out.
 */
import type { HistoryEvent } from '../infra/local/runtime/execution-history.ts';

export function phaseTimes(
  history: HistoryEvent[],
  phases: ReadonlyArray<readonly [phase: string, start: string | ((e: HistoryEvent) => boolean)]>,
): Record<string, number> {
  const starts: Array<[string, number]> = [];
  const firstEntry = (start: string | ((e: HistoryEvent) => boolean)) =>
    history.find(
      typeof start === 'function'
        ? start
        : (e) =>
            e.type.endsWith('StateEntered') &&
            (e.stateEnteredEventDetails as { name?: string } | undefined)?.name === start,
    )?.timestamp;
  for (const [phase, state] of phases) {
    const at = firstEntry(state);
    if (at !== undefined) starts.push([phase, at]);
  }
  const end = history.at(-1)?.timestamp ?? 0;
  return Object.fromEntries(
    starts.map(([phase, at], i) => [phase, Math.round((starts[i + 1]?.[1] ?? end) - at)]),
  );
}

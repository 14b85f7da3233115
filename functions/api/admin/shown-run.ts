/**
 * A run as the admin API shows it (admin-schemas.ts `Run`): the record without what only Lanyard's
 * steps read — the HR event it was started for (a retry starts it again; the person is shown
 * through their record) and each cut's concurrency counter. The API answers what it documents.
 */
import type { CutProgress, RunRecord } from '../../contracts/records/runs.ts';

type RunCuts = NonNullable<RunRecord['cuts']>;

type ShownCut = Omit<CutProgress, 'rev'>;
type ShownCuts = Partial<Record<keyof RunCuts, ShownCut>>;

export function shownRun<T extends RunRecord>(run: T) {
  const { event: _startedFor, cuts, earlierAttempts, ...shown } = run;
  return {
    ...shown,
    ...(cuts && { cuts: shownCuts(cuts) }),
    ...(earlierAttempts && {
      earlierAttempts: earlierAttempts.map(({ cuts: earlier, ...attempt }) => ({
        ...attempt,
        ...(earlier && { cuts: shownCuts(earlier) }),
      })),
    }),
  };
}

function shownCuts(cuts: RunCuts): ShownCuts {
  const shown: ShownCuts = {};
  for (const [cut, progress] of Object.entries(cuts) as Array<['trello' | 'idp', CutProgress | undefined]>) {
    if (progress === undefined) continue;
    const { rev: _rev, ...rest } = progress;
    shown[cut] = rest;
  }
  return shown;
}

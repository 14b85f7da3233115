/**
 * The record of an access cut (IdP sign-in, Trello deactivation) as it happens: each failed try,
 * how it ended, and its time to cut against the SLO. Admins hear once per cut when it is past the
 * SLO — while it is still trying, or when it ends late — and the figure goes to the metrics.
 */
import type { OperationalMetrics } from '../../ports/metrics.ts';
import type { Notifier } from '../../ports/notifier.ts';
import type { CutProgress } from '../../ports/records/runs.ts';
import type { AccessCut } from '../model/access-cuts.ts';
import type { RunContext, StepDeps } from '../run-context.ts';
import { type CutClock, secondsSinceDue } from './cut-clock.ts';

export interface CutRecordDeps extends Pick<StepDeps, 'runs' | 'clock'> {
  notifier: Notifier;
  metrics: OperationalMetrics;
  offboarding: { consoleUrl: string | null };
}

export const CUT_NAMES: Record<AccessCut, string> = {
  trello: 'Trello deactivation',
  idp: 'identity-provider sign-in cut',
};

type Change = Pick<CutProgress, 'state'> & Partial<Pick<CutProgress, 'lastError' | 'detail'>>;

/** A try failed: count it, remember why; tell admins once the cut is past its SLO. Returns the try's number. */
export async function recordCutFailure(
  run: RunContext,
  cut: AccessCut,
  clock: CutClock,
  error: string,
  deps: CutRecordDeps,
): Promise<number> {
  const { after, late } = await updateCut(run, cut, clock, deps, (current) => ({
    state: 'trying',
    attempts: (current?.attempts ?? 0) + 1,
    lastError: error,
    lastErrorAt: deps.clock.now().toISOString(),
  }));
  if (late) await tellLate(run, cut, clock, after, deps);
  return after.attempts;
}

/** The cut ended: read back (`done`), refused, or given up. Records the time to cut. */
export async function recordCutEnded(
  run: RunContext,
  cut: AccessCut,
  clock: CutClock,
  change: Change & { state: Exclude<CutProgress['state'], 'trying'> },
  deps: CutRecordDeps,
): Promise<CutProgress> {
  const now = deps.clock.now();
  const seconds = secondsSinceDue(clock, now);
  // A re-run of a step that already ended the cut keeps the first ending and measures nothing new.
  const ended = (p: CutProgress | null) => p !== null && p.state !== 'trying';
  const { before, after, late } = await updateCut(run, cut, clock, deps, (current) =>
    ended(current) ? {} : { ...change, endedAt: now.toISOString(), seconds },
  );
  if (!ended(before)) deps.metrics.cutEnded(cut, change.state, seconds);
  if (late) await tellLate(run, cut, clock, after, deps);
  return after;
}

async function updateCut(
  run: RunContext,
  cut: AccessCut,
  clock: CutClock,
  deps: CutRecordDeps,
  change: (current: CutProgress | null) => Partial<Omit<CutProgress, 'rev'>>,
) {
  const now = deps.clock.now();
  const pastSlo = secondsSinceDue(clock, now) > clock.sloSeconds;
  const { before, after } = await deps.runs.updateRunCut(run.runId, cut, (current) => {
    const base: Omit<CutProgress, 'rev'> = {
      state: 'trying',
      effectiveAt: clock.effectiveAt,
      dueAt: clock.dueAt,
      sloSeconds: clock.sloSeconds,
      attempts: 0,
      lastError: null,
      lastErrorAt: null,
      endedAt: null,
      seconds: null,
      lateNotifiedAt: null,
      detail: null,
      ...(current && withoutRev(current)),
    };
    const next = { ...base, ...change(current) };
    // A cut that ended within its SLO was on time, however long the run took afterwards.
    const lateNow = pastSlo && (next.state === 'trying' || (next.seconds ?? 0) > clock.sloSeconds);
    return { ...next, lateNotifiedAt: base.lateNotifiedAt ?? (lateNow ? now.toISOString() : null) };
  });
  // Exactly one writer moves lateNotifiedAt from unset to set: that one tells admins.
  const late = (before?.lateNotifiedAt ?? null) === null && after.lateNotifiedAt !== null;
  return { before, after, late };
}

function withoutRev({ rev: _rev, ...progress }: CutProgress): Omit<CutProgress, 'rev'> {
  return progress;
}

async function tellLate(
  run: RunContext,
  cut: AccessCut,
  clock: CutClock,
  progress: CutProgress,
  deps: CutRecordDeps,
): Promise<void> {
  deps.metrics.cutLate(cut);
  const minutes = (seconds: number) => (seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);
  const elapsed = secondsSinceDue(clock, deps.clock.now());
  const status =
    progress.state === 'trying'
      ? `still not done after ${minutes(elapsed)} (${progress.attempts} failed ${progress.attempts === 1 ? 'try' : 'tries'}; last: ${progress.lastError ?? 'unknown'}). Lanyard keeps trying until ${clock.giveUpAt}; if the cause is on your side (credentials, permissions), fix it and the next try picks it up.`
      : `${progress.state === 'done' ? 'read back' : progress.state} after ${minutes(progress.seconds ?? elapsed)}.`;
  const link = deps.offboarding.consoleUrl
    ? ` See ${deps.offboarding.consoleUrl}#/runs/${encodeURIComponent(run.runId)}`
    : '';
  await deps.notifier.notify({
    kind: 'run-failed',
    title: `Offboarding of ${run.person.fullName} (${run.person.email}): the ${CUT_NAMES[cut]} is past its ${minutes(clock.sloSeconds)} time-to-cut SLO`,
    body: `Due at ${clock.dueAt} (effective ${clock.effectiveAt}); ${status}${link}`,
    runId: run.runId,
    approvalId: null,
  });
}

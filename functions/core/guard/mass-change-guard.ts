/**
 * The mass-change guard (pure): a broken HR feed and a layoff both look like hundreds of
 * terminations at once, so past a threshold the changes wait for one admin decision instead of
 * cutting everyone off. Modelled on Entra Lifecycle Workflows' quarantine: a run that would
 * process more people than a count, or a share of the people, is held until reviewed.
 *
 * - Below the thresholds nothing waits: an ordinary termination is admitted at once (no hold window
 *   in front of every run).
 * - A change's *position* is its rank among the changes of its kind in the sliding window (this
 *   one included): the first `maxCount` are admitted, the rest quarantined. The share threshold
 *   counts the same position against the people Lanyard knows (the Enterprise's licensed members
 *   at the last seat reading); without a reading it is not applied.
 * - An urgent termination (HR's `urgent`, or `POST /admin/offboardings --urgent`) bypasses the
 *   guard while its position is within `urgentMaxCount`, a second, higher threshold; the bypass is
 *   audited. Past that even urgent ones are quarantined: a feed that marks everything urgent is
 *   still a broken feed.
 * - A sweep (auto or ask-first) that would reclaim more seats than its limit waits for an admin's
 *   approval of the batch instead of reclaiming: an `inactiveDays` typo or a Trello activity-date
 *   bug must not free every seat of the Enterprise at once.
 */

/** A batch's limit: a count, and a share of the people Lanyard knows, whichever is lower. */
export interface BatchLimits {
  /** More than this many changes hold the rest. */
  maxCount: number;
  /** More than this share (0–1) of the people Lanyard knows holds the rest; null = none. */
  maxShare: number | null;
}

export interface GuardLimits extends BatchLimits {
  /** The sliding window the count is taken over. */
  windowMinutes: number;
}

export interface TerminationGuardLimits extends GuardLimits {
  /** Urgent terminations bypass the guard up to this position in the window. */
  urgentMaxCount: number;
}

export type { GuardKind } from '../model/guard-kind.ts';

export type MassChangeGuardSettings =
  | { mode: 'off' }
  | { mode: 'on'; terminations: TerminationGuardLimits; reclaims: BatchLimits };

export const DEFAULT_TERMINATION_LIMITS: TerminationGuardLimits = {
  maxCount: 50,
  windowMinutes: 60,
  maxShare: 0.05,
  urgentMaxCount: 200,
};

/**
 * A first sweep of a company that never swept can find many idle seats; past 100 (or 5 % of the
 * licensed members) an admin looks at the list once before they go. Later weekly sweeps stay below.
 */
export const DEFAULT_RECLAIM_LIMITS: BatchLimits = { maxCount: 100, maxShare: 0.05 };

export const DEFAULT_GUARD: MassChangeGuardSettings = {
  mode: 'on',
  terminations: DEFAULT_TERMINATION_LIMITS,
  reclaims: DEFAULT_RECLAIM_LIMITS,
};

export type Admission =
  | { admitted: true; bypass: 'guard-off' | 'urgent' | null; detail: string }
  | { admitted: false; detail: string };

/**
 * The share never holds fewer than this many: in a small company a few leavers in an hour are
 * ordinary, and 5 % of 40 people would hold the third.
 */
export const SHARE_FLOOR = 10;

/** The largest position a change may have and still be admitted: the count and the share, whichever is lower. */
export function admissionLimit(limits: BatchLimits, knownPeople: number | null): number {
  const byShare =
    limits.maxShare === null || knownPeople === null || knownPeople <= 0
      ? Number.POSITIVE_INFINITY
      : Math.max(SHARE_FLOOR, Math.floor(limits.maxShare * knownPeople));
  return Math.min(limits.maxCount, byShare);
}

/** Whether the termination at `position` in the window goes ahead now. */
export function admitTermination(
  settings: MassChangeGuardSettings,
  change: { position: number; urgent: boolean; knownPeople: number | null },
): Admission {
  if (settings.mode === 'off')
    return { admitted: true, bypass: 'guard-off', detail: 'The mass-change guard is off' };
  const limits = settings.terminations;
  const limit = admissionLimit(limits, change.knownPeople);
  const within = `termination ${change.position} within ${limits.windowMinutes} min`;
  if (change.position <= limit) return { admitted: true, bypass: null, detail: `${within} (limit ${limit})` };
  if (change.urgent && change.position <= limits.urgentMaxCount)
    return {
      admitted: true,
      bypass: 'urgent',
      detail: `Urgent: bypassed the mass-change guard as ${within} (guard limit ${limit}, urgent limit ${limits.urgentMaxCount})`,
    };
  return {
    admitted: false,
    detail: `Quarantined: ${within} is past the mass-change guard's limit of ${limit}${
      change.urgent ? ` (and past the urgent limit of ${limits.urgentMaxCount})` : ''
    }`,
  };
}

/**
 * Whether a sweep may reclaim its candidates without an admin: all of them, or (past the limit)
 * none until an admin approves the batch. Never a part: which idle seats go first is not the
 * guard's to choose.
 */
export function admitReclaims(
  settings: MassChangeGuardSettings,
  batch: { candidates: number; knownPeople: number | null },
): Admission {
  if (settings.mode === 'off')
    return { admitted: true, bypass: 'guard-off', detail: 'The mass-change guard is off' };
  const limit = admissionLimit(settings.reclaims, batch.knownPeople);
  const seats = `${batch.candidates} seat reclaim(s)`;
  if (batch.candidates <= limit) return { admitted: true, bypass: null, detail: `${seats} (limit ${limit})` };
  const share =
    settings.reclaims.maxShare === null || batch.knownPeople === null
      ? ''
      : ` (${settings.reclaims.maxCount}, or ${Math.round(settings.reclaims.maxShare * 100)} % of ${batch.knownPeople} licensed members, whichever is lower)`;
  return {
    admitted: false,
    detail: `Held by the mass-change guard: ${seats} in one sweep is past its limit of ${limit}${share}`,
  };
}

/** One person held in a quarantine batch, as the preview shows them. */
export interface QuarantinedPerson {
  runId: string;
  employeeId: string;
  department: string | null;
  managerEmail: string | null;
}

export interface QuarantinePreview {
  count: number;
  byDepartment: Array<{ department: string; count: number }>;
  byManager: Array<{ managerEmail: string; count: number }>;
}

/** Who a batch holds, by department and by manager (largest first; "(none)" for a blank). */
export function quarantinePreview(people: readonly QuarantinedPerson[]): QuarantinePreview {
  const tally = (key: (p: QuarantinedPerson) => string | null) => {
    const counts = new Map<string, number>();
    for (const p of people) {
      const k = key(p) ?? '(none)';
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  return {
    count: people.length,
    byDepartment: tally((p) => p.department).map(([department, count]) => ({ department, count })),
    byManager: tally((p) => p.managerEmail).map(([managerEmail, count]) => ({ managerEmail, count })),
  };
}

/** The usual rate, per window, from hourly counts over a longer past (for the notification). */
export function usualRatePerWindow(
  hourlyCounts: readonly number[],
  days: number,
  windowMinutes: number,
): number {
  const total = hourlyCounts.reduce((sum, n) => sum + n, 0);
  const hours = days * 24;
  return hours <= 0 ? 0 : (total / hours) * (windowMinutes / 60);
}

/** Whether a held person is in the departments an admin chose (none chosen: everyone). */
export function inDepartments(person: QuarantinedPerson, departments: readonly string[] | null): boolean {
  if (departments === null || departments.length === 0) return true;
  const mine = (person.department ?? '(none)').trim().toLowerCase();
  return departments.some((d) => d.trim().toLowerCase() === mine);
}

/**
 * The overview an admin lands on (GET /admin/overview): what needs them and how things stand, in
 * one request. Every part reads a bounded amount:
 *  1. Seats: read from Trello now, with the queue and the 30-day trend (seat-report.ts).
 *  2. Approvals waiting, oldest first with their age (at most MAX_APPROVALS_READ read).
 *  3. Runs started in the last 7 days by status and kind: each status's runs newest first until
 *     one started before the week (at most MAX_RUNS_PER_STATUS each; `complete` says if all were).
 *  4. Time to cut: the latest offboardings among those runs that have access cuts.
 *  5. The last sweep and its idle seats by member state (list-sweeps.ts).
 *  6. What the mass-change guard holds now.
 */
import type { Clock } from '../../ports/clock.ts';
import type { GuardStore } from '../../ports/guard-store.ts';
import type { ApprovalRecord } from '../../ports/records/approvals.ts';
import type { RecordPorts } from '../../ports/records/record-ports.ts';
import { type AccessCut, AccessCuts } from '../model/access-cuts.ts';
import { type RunKind, type RunStatus, RunStatuses } from '../model/run-statuses.ts';
import type { SweepMemberState } from '../model/sweep-vocabulary.ts';

/** The records the overview reads. */
type OverviewRecords = Pick<RecordPorts, 'approvals' | 'runs' | 'sweeps' | 'people' | 'seatReadings'>;

import type { RunRecord } from '../../ports/records/runs.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import { tallyOf } from '../sweep/sweep-tally.ts';
import { listSweeps, type SweepListItem } from './list-sweeps.ts';
import { namesOf, type PersonName } from './people-names.ts';
import { type SeatReport, seatReport } from './seat-report.ts';

export const RUN_WINDOW_DAYS = 7;
export const MAX_APPROVALS_READ = 1_000;
export const MAX_RUNS_PER_STATUS = 2_000;
const OLDEST_APPROVALS_SHOWN = 10;
const LATEST_CUTS_SHOWN = 10;
const PAGE = 200;

export interface OverviewDeps extends OverviewRecords {
  guard: GuardStore;
  trello: TrelloAdmin;
  clock: Clock;
  guardMode: 'on' | 'off';
}

export interface WaitingApproval {
  id: string;
  kind: string;
  /** The question's first line. */
  title: string;
  runId: string;
  subjectEmployeeId: string | null;
  subjectEmail: string | null;
  subjectName: string | null;
  createdAt: string;
  expiresAt: string;
  ageSeconds: number;
}

export interface CutFigure {
  cut: AccessCut;
  state: 'trying' | 'done' | 'refused' | 'gave-up';
  /** Time to cut once ended; while trying, the time since it became due. */
  seconds: number;
  sloSeconds: number;
  pastSlo: boolean;
}

export interface Overview {
  generatedAt: string;
  seats: Omit<SeatReport, 'queued' | 'upcoming'> & { queued: number; upcoming: number };
  approvals: { waiting: number; complete: boolean; oldest: WaitingApproval[] };
  runs: {
    since: string;
    complete: boolean;
    counts: Array<{ status: RunStatus; kind: RunKind; count: number }>;
  };
  timeToCut: Array<{
    runId: string;
    employeeId: string | null;
    person: PersonName | null;
    status: RunStatus;
    startedAt: string;
    cuts: CutFigure[];
  }>;
  lastSweep: (SweepListItem & { counts: Record<SweepMemberState, number> }) | null;
  quarantine: { guard: 'on' | 'off'; held: number; batchId: string | null; openedAt: string | null };
}

export async function overview(deps: OverviewDeps): Promise<Overview> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - RUN_WINDOW_DAYS * 86_400_000).toISOString();
  const [seats, approvals, runs, lastSweep, quarantine] = await Promise.all([
    seatReport(deps),
    waitingApprovals(deps, now),
    runsSince(deps, since),
    latestSweep(deps),
    heldNow(deps),
  ]);
  const offboardings = runs.runs
    .filter((r) => r.kind === 'offboarding' && r.cuts && Object.keys(r.cuts).length > 0)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, LATEST_CUTS_SHOWN);
  const names = await namesOf(
    [...offboardings.map((r) => r.employeeId), ...approvals.oldest.map((a) => a.subjectEmployeeId)],
    deps.people,
  );
  return {
    generatedAt: now.toISOString(),
    seats: { ...seats, queued: seats.queued.length, upcoming: seats.upcoming.length },
    approvals: {
      waiting: approvals.waiting,
      complete: approvals.complete,
      oldest: approvals.oldest.map((a) => waiting(a, now, names)),
    },
    runs: { since, complete: runs.complete, counts: countByStatusAndKind(runs.runs) },
    timeToCut: offboardings.map((run) => ({
      runId: run.runId,
      employeeId: run.employeeId,
      person: names.get(run.employeeId ?? '') ?? null,
      status: run.status,
      startedAt: run.startedAt,
      cuts: cutFigures(run, now),
    })),
    lastSweep,
    quarantine,
  };
}

async function waitingApprovals(
  records: OverviewRecords,
  now: Date,
): Promise<{ waiting: number; complete: boolean; oldest: ApprovalRecord[] }> {
  const pending: ApprovalRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await records.approvals.listApprovals({ status: 'pending', limit: PAGE, cursor });
    pending.push(...page.items.filter((a) => a.expiresAt > now.toISOString()));
    cursor = page.nextCursor;
  } while (cursor !== null && pending.length < MAX_APPROVALS_READ);
  pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return {
    waiting: pending.length,
    complete: cursor === null,
    oldest: pending.slice(0, OLDEST_APPROVALS_SHOWN),
  };
}

function waiting(a: ApprovalRecord, now: Date, names: Map<string, PersonName>): WaitingApproval {
  return {
    id: a.id,
    kind: a.kind,
    title: a.question.split('\n')[0] ?? '',
    runId: a.runId,
    subjectEmployeeId: a.subjectEmployeeId,
    subjectEmail: a.subjectEmail,
    subjectName: names.get(a.subjectEmployeeId ?? '')?.fullName ?? null,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(a.createdAt)) / 1000)),
  };
}

/** Runs started since `since`, every status, each read newest first until one is older. */
async function runsSince(
  records: OverviewRecords,
  since: string,
): Promise<{ runs: RunRecord[]; complete: boolean }> {
  const perStatus = await Promise.all(
    RunStatuses.map(async (status) => {
      const runs: RunRecord[] = [];
      let cursor: string | null = null;
      do {
        const page = await records.runs.listRuns({ status, limit: PAGE, cursor });
        const recent = page.items.filter((r) => r.startedAt >= since);
        runs.push(...recent);
        // Newest first: one run older than the window means the rest are older too.
        cursor = recent.length < page.items.length ? null : page.nextCursor;
      } while (cursor !== null && runs.length < MAX_RUNS_PER_STATUS);
      return { runs, complete: cursor === null };
    }),
  );
  return { runs: perStatus.flatMap((s) => s.runs), complete: perStatus.every((s) => s.complete) };
}

function countByStatusAndKind(runs: RunRecord[]): Overview['runs']['counts'] {
  const counts = new Map<string, { status: RunStatus; kind: RunKind; count: number }>();
  for (const run of runs) {
    const key = `${run.status}|${run.kind}`;
    const entry = counts.get(key) ?? { status: run.status, kind: run.kind, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) => RunStatuses.indexOf(a.status) - RunStatuses.indexOf(b.status) || a.kind.localeCompare(b.kind),
  );
}

function cutFigures(run: RunRecord, now: Date): CutFigure[] {
  return AccessCuts.flatMap((cut) => {
    const progress = run.cuts?.[cut];
    if (!progress) return [];
    const seconds =
      progress.seconds ?? Math.max(0, Math.round((now.getTime() - Date.parse(progress.dueAt)) / 1000));
    return [
      {
        cut,
        state: progress.state,
        seconds,
        sloSeconds: progress.sloSeconds,
        pastSlo: seconds > progress.sloSeconds,
      },
    ];
  });
}

async function latestSweep(records: OverviewRecords): Promise<Overview['lastSweep']> {
  const [sweep] = (await listSweeps({ limit: 1, cursor: null }, records)).items;
  return sweep ? { ...sweep, counts: await tallyOf(sweep.sweepId, records) } : null;
}

async function heldNow(deps: OverviewDeps): Promise<Overview['quarantine']> {
  // As the quarantine page counts: a batch holds whoever in it is still pending, open or not.
  const batches = await Promise.all(
    (await deps.guard.listBatches()).map(async (batch) => ({
      batch,
      held: (await deps.guard.batchRuns(batch.batchId)).filter((r) => r.decision === 'pending').length,
    })),
  );
  const holding = batches.filter((b) => b.held > 0);
  return {
    guard: deps.guardMode,
    held: holding.reduce((sum, b) => sum + b.held, 0),
    batchId: holding[0]?.batch.batchId ?? null,
    openedAt: holding[0]?.batch.openedAt ?? null,
  };
}

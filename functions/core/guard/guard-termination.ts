/**
 * The mass-change guard at the start of an offboarding (Begin Offboarding), before any effect:
 * count the termination in the sliding window and either let it go ahead or hold it in the open
 * quarantine batch. A held run is recorded (waiting for an admin, with why) but claims nothing:
 * the person's record and Trello stay as they are until an admin releases it; a discarded one is
 * never applied. Begin Offboarding runs again after the release and is then admitted at once.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { Clock } from '../../ports/clock.ts';
import type { GuardStore } from '../../ports/guard-store.ts';
import type { Runs } from '../../ports/records/runs.ts';
import type { SeatReadings } from '../../ports/records/seat-readings.ts';
import { newRunRecord } from '../lifecycle/claim-lifecycle.ts';
import type { RunContext } from '../run-context.ts';
import { admissionLimit, admitTermination, type MassChangeGuardSettings } from './mass-change-guard.ts';

export type GuardVerdict =
  | { held: false; note: string | null; bypass: boolean }
  | { held: true; batchId: string; opened: boolean; reason: string };

/** How far back the Enterprise's licensed-member count (the share's denominator) may be read. */
const KNOWN_PEOPLE_DAYS = 7;

export async function guardTermination(
  event: LifecycleEventDetail,
  run: RunContext,
  deps: {
    guard: GuardStore;
    runs: Runs;
    seatReadings: SeatReadings;
    clock: Clock;
    settings: MassChangeGuardSettings;
  },
): Promise<GuardVerdict> {
  const { settings } = deps;
  if (settings.mode === 'off' || event.dryRun) return { held: false, note: null, bypass: false };
  const earlier = await deps.guard.heldRun(run.runId);
  if (earlier?.decision === 'released')
    return {
      held: false,
      note: `Released from quarantine by ${earlier.decidedBy} at ${earlier.decidedAt}; the cuts are timed from now`,
      bypass: false,
    };
  if (earlier?.decision === 'pending')
    return { held: true, batchId: earlier.batchId, opened: false, reason: earlier.reason };

  const now = deps.clock.now();
  const limits = settings.terminations;
  const position = await deps.guard.countChange(
    'terminations',
    run.runId,
    now.toISOString(),
    limits.windowMinutes,
  );
  const knownPeople = await licensedMembers(deps.seatReadings, now);
  const admission = admitTermination(settings, { position, urgent: event.urgent === true, knownPeople });
  if (admission.admitted) {
    const bypass = admission.bypass === 'urgent';
    return { held: false, note: bypass ? admission.detail : null, bypass };
  }

  const summary = `${admission.detail}. Nothing is done until an admin releases it (GET /admin/quarantine).`;
  await deps.runs.createRun(
    newRunRecord(event, run, { kind: 'offboarding', status: 'waiting-approval', summary }, now),
  );
  const { held, opened } = await deps.guard.hold(
    'terminations',
    {
      runId: run.runId,
      eventId: event.id,
      employeeId: run.person.id,
      email: run.person.email,
      fullName: run.person.fullName,
      department: run.person.department,
      managerEmail: run.person.managerEmail,
      heldAt: now.toISOString(),
      reason: admission.detail,
    },
    { windowMinutes: limits.windowMinutes, limit: admissionLimit(limits, knownPeople) },
  );
  return { held: true, batchId: held.batchId, opened, reason: admission.detail };
}

/** The Enterprise's licensed members at the latest seat reading of the last week, if any. */
async function licensedMembers(seatReadings: SeatReadings, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - KNOWN_PEOPLE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const readings = await seatReadings.listSeatReadings(since);
  return readings.at(-1)?.used ?? null;
}

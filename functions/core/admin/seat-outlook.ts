/**
 * What the seat count will be asked for: onboardings queued for a seat (waiting on a
 * `seats-exhausted` approval, in HR order) and hires not started yet (runs waiting for their
 * `effectiveAt`), so an admin sees a shortfall before day one.
 */
import type { RecordPorts } from '../../ports/records/record-ports.ts';
import type { SeatCount } from '../../ports/trello-admin.ts';
import { queuedOnboardings } from '../approvals/release-queued-onboardings.ts';

export interface SeatOutlook {
  queued: Array<{ approvalId: string; employeeId: string | null; email: string | null; effectiveAt: string }>;
  upcoming: Array<{ employeeId: string; effectiveAt: string }>;
  /** Seats left once every queued and upcoming hire has one; null when Trello sets no cap. */
  forecastAvailable: number | null;
}

export async function seatOutlook(
  seats: SeatCount,
  now: Date,
  deps: Pick<RecordPorts, 'runs' | 'people' | 'approvals'>,
): Promise<SeatOutlook> {
  const queued = (await queuedOnboardings(deps)).map(({ approval, effectiveAt }) => ({
    approvalId: approval.id,
    employeeId: approval.subjectEmployeeId,
    email: approval.subjectEmail,
    effectiveAt,
  }));
  const upcoming: SeatOutlook['upcoming'] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.runs.listRuns({ status: 'running', limit: 200, cursor });
    for (const run of page.items.filter((r) => r.kind === 'onboarding' && r.employeeId && !r.dryRun)) {
      const hire = (await deps.people.getProfile(run.employeeId as string))?.lastEvent;
      if (hire && Date.parse(hire.effectiveAt) > now.getTime()) {
        upcoming.push({ employeeId: run.employeeId as string, effectiveAt: hire.effectiveAt });
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  upcoming.sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt));
  return {
    queued,
    upcoming,
    forecastAvailable: seats.available === null ? null : seats.available - queued.length - upcoming.length,
  };
}

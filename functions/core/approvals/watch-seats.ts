/**
 * Watch Seats (on a schedule): reads the Enterprise's seats, keeps the day's reading for the
 * trend, and — when hires are queued for a seat and seats are free — releases them in HR order.
 * That is how Lanyard notices seats bought in Trello (`maxMembers` grew) or freed outside it (an
 * admin removed someone in the dashboard) without anyone telling it; `POST /admin/seats/release`
 * remains for not waiting until the next run.
 */
import type { SeatReadings } from '../../ports/records/seat-readings.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import type { DecideApprovalDeps } from './decide-approval.ts';
import { queuedOnboardings, releaseQueuedOnboardings } from './release-queued-onboardings.ts';

export async function watchSeats(
  deps: Pick<DecideApprovalDeps, 'approvals' | 'people' | 'runs' | 'audit' | 'workflow' | 'clock'> & {
    seatReadings: SeatReadings;
    trello: Pick<TrelloAdmin, 'seats'>;
  },
): Promise<{ used: number; max: number | null; released: string[]; stillQueued: number }> {
  const now = deps.clock.now();
  const day = now.toISOString().slice(0, 10);
  const earlier = await deps.seatReadings.listSeatReadings(
    new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10),
  );
  const seats = await deps.trello.seats();
  await deps.seatReadings.recordSeatReading({ day, used: seats.used, total: seats.max });
  const queue = await queuedOnboardings(deps);
  if (queue.length === 0 || seats.available === 0)
    return { used: seats.used, max: seats.max, released: [], stillQueued: queue.length };
  const before = earlier.at(-1)?.total ?? null;
  const why =
    before !== null && seats.max !== null && seats.max > before
      ? `seats bought: maxMembers grew from ${before} to ${seats.max}`
      : `${seats.available ?? 'unlimited'} seat(s) free`;
  const { released, stillQueued } = await releaseQueuedOnboardings(why, deps);
  return { used: seats.used, max: seats.max, released, stillQueued };
}

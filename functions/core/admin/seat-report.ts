/**
 * The seats as an admin reads them (GET /admin/seats and the overview): read from Trello now,
 * kept as the day's reading for the trend, with the hires queued for a seat and the forecast.
 */
import type { Clock } from '../../ports/clock.ts';
import type { RecordPorts } from '../../ports/records/record-ports.ts';
import type { SeatReading } from '../../ports/records/seat-readings.ts';
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import { type SeatOutlook, seatOutlook } from './seat-outlook.ts';

/** How far back the trend goes. */
export const TREND_DAYS = 30;

export interface SeatReport extends SeatOutlook {
  /** Seats purchased; null when Trello does not say. */
  total: number | null;
  used: number;
  available: number | null;
  checkedAt: string;
  /** Seats in use per day over the last TREND_DAYS days (the days Lanyard read them), oldest first. */
  trend: SeatReading[];
}

export async function seatReport(
  deps: Pick<RecordPorts, 'seatReadings' | 'runs' | 'people' | 'approvals'> & {
    trello: TrelloAdmin;
    clock: Clock;
  },
): Promise<SeatReport> {
  const seats = await deps.trello.seats();
  const now = deps.clock.now();
  await deps.seatReadings.recordSeatReading({
    day: now.toISOString().slice(0, 10),
    used: seats.used,
    total: seats.max,
  });
  const trend = await deps.seatReadings.listSeatReadings(
    new Date(now.getTime() - TREND_DAYS * 86_400_000).toISOString().slice(0, 10),
  );
  return {
    total: seats.max,
    used: seats.used,
    available: seats.available,
    checkedAt: now.toISOString(),
    ...(await seatOutlook(seats, now, deps)),
    trend,
  };
}

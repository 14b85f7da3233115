/** The seats trend: one reading of seats in use per day. */
import type { SeatReading } from '../../contracts/records/notifications.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type { SeatReading };

export interface SeatReadings {
  /** Keeps the day's seat count (the last reading of the day wins) for the seats trend. */
  recordSeatReading(reading: SeatReading): Promise<void>;
  /** Readings since a day (YYYY-MM-DD), oldest first. */
  listSeatReadings(sinceDay: string): Promise<SeatReading[]>;
}

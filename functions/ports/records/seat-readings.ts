/** The seats trend: one reading of seats in use per day. */

/** Seats in use on one day (the last reading of that day). */
export interface SeatReading {
  day: string;
  used: number;
  total: number | null;
}

export interface SeatReadings {
  /** Keeps the day's seat count (the last reading of the day wins) for the seats trend. */
  recordSeatReading(reading: SeatReading): Promise<void>;
  /** Readings since a day (YYYY-MM-DD), oldest first. */
  listSeatReadings(sinceDay: string): Promise<SeatReading[]>;
}

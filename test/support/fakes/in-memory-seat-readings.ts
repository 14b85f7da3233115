/** The seats trend in memory: the last reading of each day. */
import type { SeatReading, SeatReadings } from '../../../functions/ports/records/seat-readings.ts';

export class InMemorySeatReadings implements SeatReadings {
  private readonly days = new Map<string, SeatReading>();

  async recordSeatReading(reading: SeatReading): Promise<void> {
    this.days.set(reading.day, { ...reading });
  }

  async listSeatReadings(sinceDay: string): Promise<SeatReading[]> {
    return [...this.days.values()]
      .filter((r) => r.day >= sinceDay)
      .sort((a, b) => (a.day < b.day ? -1 : 1))
      .map((r) => ({ ...r }));
  }
}

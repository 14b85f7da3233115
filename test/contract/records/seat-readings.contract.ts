import { describe, expect, it } from 'vitest';
import { type MakeRecords, recordsUnderTest } from './records-under-test.ts';

export function seatReadingsContract(name: string, make: MakeRecords): void {
  describe(`SeatReadings contract: ${name}`, () => {
    const env = recordsUnderTest(make);

    it('keeps the last reading of each day and lists the days since one, oldest first', async () => {
      await env.records.seatReadings.recordSeatReading({ day: '2026-11-21', used: 40, total: 50 });
      await env.records.seatReadings.recordSeatReading({ day: '2026-11-19', used: 38, total: 50 });
      await env.records.seatReadings.recordSeatReading({ day: '2026-11-20', used: 39, total: 50 });
      await env.records.seatReadings.recordSeatReading({ day: '2026-11-21', used: 42, total: 60 });
      expect(await env.records.seatReadings.listSeatReadings('2026-11-20')).toEqual([
        { day: '2026-11-20', used: 39, total: 50 },
        { day: '2026-11-21', used: 42, total: 60 },
      ]);
      expect(await env.records.seatReadings.listSeatReadings('2026-11-22')).toEqual([]);
    });
  });
}

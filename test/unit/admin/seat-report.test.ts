/**
 * seatReport and seatOutlook: the seats read from Trello now and kept as the day's reading, the
 * 30-day trend, the hires queued for a seat (HR order) and those not started yet, and the
 * forecast. Records and Trello in memory.
 */
import { describe, expect, it } from 'vitest';
import { seatReport } from '../../../functions/core/admin/seat-report.ts';
import { newRunRecord } from '../../../functions/core/lifecycle/claim-lifecycle.ts';
import { aMember, aProfile } from '../../support/builders.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { InMemoryTrello } from '../../support/fakes/in-memory-trello.ts';
import { anEvent, aRunContext, aSeatApproval, fixedClock, NOW } from '../../support/run-builders.ts';

function prepare(maxSeats: number | null = 10) {
  const records = inMemoryRecords(() => new Date(NOW));
  const trello = new InMemoryTrello();
  trello.maxSeats = maxSeats;
  for (let n = 1; n <= 7; n++)
    trello.add(aMember({ memberId: `m${n}`, email: `p${n}@example.com`, licensed: true }));
  return { records, trello, deps: { ...records, trello, clock: fixedClock() } };
}

/** Employee `id`, hired to start at `effectiveAt`. */
const hiredOn = (id: string, effectiveAt: string) =>
  aProfile({
    employeeId: id,
    email: `${id}@example.com`,
    lifecycle: 'onboarding',
    lastEvent: {
      id: `evt-${id}`,
      type: 'employee.hired',
      effectiveAt,
      occurredAt: '2026-11-20T09:00:00.000Z',
    },
  });

describe('seatReport', () => {
  it("reads the seats from Trello and keeps today's reading in the 30-day trend", async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.seatReadings.recordSeatReading({ day: '2026-10-01', used: 2, total: 10 });
    await records.seatReadings.recordSeatReading({ day: '2026-11-15', used: 5, total: 10 });
    // Act
    const report = await seatReport(deps);
    // Assess
    expect(report).toMatchObject({ total: 10, used: 7, available: 3, checkedAt: NOW, forecastAvailable: 3 });
    expect(report.trend).toEqual([
      { day: '2026-11-15', used: 5, total: 10 },
      { day: '2026-12-01', used: 7, total: 10 },
    ]);
  });

  it('forecasts the seats left once the queued hires (HR order) and those not started yet have one', async () => {
    // Prepare
    const { records, deps } = prepare();
    await records.people.putProfile(hiredOn('E2', '2026-11-28T09:00:00.000Z'), null);
    await records.people.putProfile(hiredOn('E3', '2026-11-25T09:00:00.000Z'), null);
    await records.approvals.putApproval(
      aSeatApproval({ id: 'run-2:seats', runId: 'run-2', subjectEmployeeId: 'E2' }),
      'token-2',
    );
    await records.approvals.putApproval(
      aSeatApproval({ id: 'run-3:seats', runId: 'run-3', subjectEmployeeId: 'E3' }),
      'token-3',
    );
    await records.people.putProfile(hiredOn('E4', '2026-12-15T09:00:00.000Z'), null);
    const upcoming = anEvent({ id: 'evt-E4', employee: { ...anEvent().employee, id: 'E4' } });
    const run = aRunContext({ runId: 'onboarding:evt-E4', person: { ...aRunContext().person, id: 'E4' } });
    await records.runs.createRun(
      newRunRecord(upcoming, run, { kind: 'onboarding', status: 'running', summary: null }, new Date(NOW)),
    );
    // A dry run never takes a seat.
    await records.runs.createRun({
      ...newRunRecord(
        upcoming,
        { ...run, runId: 'onboarding:dry' },
        { kind: 'onboarding', status: 'running', summary: null },
        new Date(NOW),
      ),
      dryRun: true,
    });
    // Act
    const report = await seatReport(deps);
    // Assess
    expect(report.queued.map((q) => [q.approvalId, q.effectiveAt])).toEqual([
      ['run-3:seats', '2026-11-25T09:00:00.000Z'],
      ['run-2:seats', '2026-11-28T09:00:00.000Z'],
    ]);
    expect(report.upcoming).toEqual([{ employeeId: 'E4', effectiveAt: '2026-12-15T09:00:00.000Z' }]);
    expect(report.forecastAvailable).toBe(0);
  });

  it('forecasts nothing when Trello sets no cap', async () => {
    // Prepare
    const { deps } = prepare(null);
    // Act
    const report = await seatReport(deps);
    // Assess
    expect(report).toMatchObject({ total: null, available: null, forecastAvailable: null });
  });
});

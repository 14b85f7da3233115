/**
 * requestOffboarding and importEvents: an admin's offboarding and a CSV import go through the same
 * door as HR's webhook (de-duplication, HR order, then the bus). Records in memory; the bus and
 * the notifier record what they were given.
 */
import { describe, expect, it } from 'vitest';
import type { HrEvent } from '../../../functions/contracts/hr-event.ts';
import { importEvents } from '../../../functions/core/admin/import-events.ts';
import { requestOffboarding } from '../../../functions/core/admin/request-offboarding.ts';
import { AlreadyOffboardedError, PersonUnknownError } from '../../../functions/core/errors.ts';
import { aProfile } from '../../support/builders.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../support/fakes/recording-notifier.ts';
import { RecordingPublisher } from '../../support/fakes/recording-publisher.ts';
import { fixedClock, NOW } from '../../support/run-builders.ts';

function prepare() {
  const records = inMemoryRecords(() => new Date(NOW));
  const publisher = new RecordingPublisher();
  const notifier = new RecordingNotifier();
  const deps = { ...records, publisher, notifier, clock: fixedClock() };
  return { records, publisher, notifier, deps };
}

const request = (overrides = {}) => ({
  employeeId: 'E1001',
  reason: 'Contract ended early',
  urgent: false,
  dryRun: false,
  by: 'it@example.com',
  ...overrides,
});

describe('requestOffboarding', () => {
  it("puts the termination HR would send on the bus, from the person's record, with who asked and why", async () => {
    // Prepare
    const { records, publisher, deps } = prepare();
    await records.people.putProfile(aProfile({ department: 'Sales', managerEmail: 'bo@example.com' }), null);
    // Act
    const answer = await requestOffboarding(request(), deps);
    // Assess
    expect(answer).toEqual({
      outcome: 'accepted',
      eventId: 'admin-offboard:E1001:1',
      runId: 'offboarding:admin-offboard:E1001:1',
    });
    expect(publisher.published).toEqual([
      {
        id: 'admin-offboard:E1001:1',
        type: 'employee.terminated',
        occurredAt: NOW,
        effectiveAt: NOW,
        urgent: false,
        employee: {
          id: 'E1001',
          email: 'ana.lima@example.com',
          fullName: 'Ana Lima',
          department: 'Sales',
          managerEmail: 'bo@example.com',
        },
        dryRun: false,
        requestedBy: 'admin:it@example.com',
        reason: 'Contract ended early',
      },
    ]);
  });

  it('answers a double click as a duplicate, starting one offboarding', async () => {
    // Prepare
    const { records, publisher, deps } = prepare();
    await records.people.putProfile(aProfile(), null);
    await requestOffboarding(request(), deps);
    deps.clock.at = '2026-12-01T09:00:02.000Z';
    // Act
    const again = await requestOffboarding(request(), deps);
    // Assess
    expect(again).toMatchObject({ outcome: 'duplicate', eventId: 'admin-offboard:E1001:1' });
    expect(publisher.published).toHaveLength(1);
  });

  it('takes the given effective time and urgency', async () => {
    // Prepare
    const { records, publisher, deps } = prepare();
    await records.people.putProfile(aProfile(), null);
    // Act
    await requestOffboarding(request({ urgent: true, effectiveAt: '2026-12-31T17:00:00.000Z' }), deps);
    // Assess
    expect(publisher.published[0]).toMatchObject({ urgent: true, effectiveAt: '2026-12-31T17:00:00.000Z' });
  });

  it('rejects someone Lanyard has no record of, publishing nothing', async () => {
    // Prepare
    const { publisher, deps } = prepare();
    // Act
    const offboarding = requestOffboarding(request(), deps);
    // Assess
    await expect(offboarding).rejects.toBeInstanceOf(PersonUnknownError);
    expect(publisher.published).toEqual([]);
  });

  it('rejects someone already offboarded, but lets a dry run through under its own id', async () => {
    // Prepare
    const { records, publisher, deps } = prepare();
    await records.people.putProfile(aProfile({ lifecycle: 'offboarded' }), null);
    // Act
    const offboarding = requestOffboarding(request(), deps);
    const dryRun = await requestOffboarding(request({ dryRun: true }), deps);
    // Assess
    await expect(offboarding).rejects.toBeInstanceOf(AlreadyOffboardedError);
    expect(dryRun).toMatchObject({ outcome: 'accepted', eventId: 'admin-offboard:E1001:1:dry-run' });
    expect(publisher.published.map((e) => e.dryRun)).toEqual([true]);
  });
});

const hire = (
  id: string,
  employeeId: string,
  effectiveAt: string,
  email = `${employeeId}@example.com`,
): HrEvent => ({
  id,
  type: 'employee.hired',
  occurredAt: '2026-11-20T09:00:00.000Z',
  effectiveAt,
  employee: { id: employeeId, email, fullName: `Person ${employeeId}` },
});

describe('importEvents', () => {
  it('answers each row its status, in line order, one failed row not stopping the others', async () => {
    // Prepare
    const { publisher, deps } = prepare();
    await importEvents([{ line: 2, event: hire('evt-seen', 'E1', NOW) }], deps);
    const rows = [
      { line: 2, event: hire('evt-new', 'E2', NOW) },
      { line: 3, event: hire('evt-seen', 'E1', NOW) },
      { line: 4, event: hire('evt-seen', 'E1', NOW, 'changed@example.com') },
      { line: 5, event: hire('evt-other', 'E3', NOW) },
    ];
    // Act
    const result = await importEvents(rows, deps);
    // Assess
    expect(result).toMatchObject({
      rows: 4,
      accepted: 2,
      duplicates: 1,
      stale: 0,
      failed: 1,
      statuses: { added: 2, 'already-there': 1, 'refused-by-policy': 0, failed: 1 },
    });
    expect(result.results.map((r) => [r.line, r.outcome, r.status])).toEqual([
      [2, 'accepted', 'added'],
      [3, 'duplicate', 'already-there'],
      [4, 'failed', 'failed'],
      [5, 'accepted', 'added'],
    ]);
    expect(result.results[2]?.reason).toMatch(/already received with a different body/);
    expect(publisher.published.map((e) => e.id)).toEqual(['evt-seen', 'evt-new', 'evt-other']);
  });

  it('refuses a row older in HR order than what is applied for that person, by policy', async () => {
    // Prepare
    const { records, publisher, deps } = prepare();
    await records.people.putProfile(
      aProfile({
        employeeId: 'E1',
        lastEvent: { id: 'evt-newer', type: 'employee.hired', effectiveAt: NOW, occurredAt: NOW },
      }),
      null,
    );
    // Act
    const result = await importEvents(
      [{ line: 2, event: hire('evt-older', 'E1', '2026-11-01T09:00:00.000Z') }],
      deps,
    );
    // Assess
    expect(result.results).toEqual([
      expect.objectContaining({
        outcome: 'stale',
        status: 'refused-by-policy',
        reason: expect.stringMatching(/older in HR order/),
      }),
    ]);
    expect(publisher.published).toEqual([]);
  });

  it("puts one person's rows on the bus in file order", async () => {
    // Prepare
    const { publisher, deps } = prepare();
    const rows = [
      { line: 2, event: hire('evt-a1', 'A', NOW) },
      { line: 3, event: hire('evt-b1', 'B', NOW) },
      { line: 4, event: { ...hire('evt-a2', 'A', NOW), type: 'employee.updated' as const } },
      { line: 5, event: { ...hire('evt-a3', 'A', NOW), type: 'employee.terminated' as const } },
    ];
    // Act
    await importEvents(rows, deps);
    // Assess
    expect(publisher.published.filter((e) => e.employee.id === 'A').map((e) => e.id)).toEqual([
      'evt-a1',
      'evt-a2',
      'evt-a3',
    ]);
  });
});

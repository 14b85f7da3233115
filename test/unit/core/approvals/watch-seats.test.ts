/**
 * watchSeats: the day's seat reading kept, and hires queued for a seat released in HR order as
 * seats free up (bought in Trello or freed outside Lanyard). Records and Trello's seats in memory;
 * the workflow engine records the approvals it resumed.
 */
import { describe, expect, it } from 'vitest';
import { watchSeats } from '../../../../functions/core/approvals/watch-seats.ts';
import { aMember, aProfile } from '../../../support/builders.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { InMemoryTrelloMembers } from '../../../support/fakes/in-memory-trello-members.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { aSeatApproval, fixedClock, NOW } from '../../../support/run-builders.ts';

/** Hires waiting for a seat: E1 takes effect last, E3 first (HR order decides who goes first). */
async function prepare(maxSeats: number) {
  const records = inMemoryRecords(() => new Date(NOW));
  const trello = new InMemoryTrelloMembers();
  trello.maxSeats = maxSeats;
  trello.add(aMember({ memberId: 'licensed-1', email: 'x@example.com', licensed: true }));
  const hires = [
    ['E1', '2026-12-09T09:00:00.000Z'],
    ['E2', '2026-12-05T09:00:00.000Z'],
    ['E3', '2026-12-02T09:00:00.000Z'],
  ] as const;
  for (const [id, effectiveAt] of hires) {
    const lastEvent = { id: `evt-${id}`, type: 'employee.hired', effectiveAt, occurredAt: NOW };
    await records.people.putProfile(
      aProfile({ employeeId: id, email: `${id}@example.com`, lastEvent }),
      null,
    );
    await records.approvals.putApproval(
      aSeatApproval({
        id: `run-${id}:seats`,
        runId: `run-${id}`,
        subjectEmployeeId: id,
        subjectEmail: `${id}@example.com`,
      }),
      `token-${id}`,
    );
  }
  const workflow = new RecordingWorkflowEngine();
  return { records, workflow, deps: { ...records, trello, workflow, clock: fixedClock() } };
}

describe('watchSeats', () => {
  it('releases as many queued hires as seats are free, earliest hire first, and keeps the reading', async () => {
    // Prepare
    const { records, workflow, deps } = await prepare(3);
    // Act
    const watched = await watchSeats(deps);
    // Assess
    expect(watched).toEqual({ used: 1, max: 3, released: ['run-E3:seats', 'run-E2:seats'], stillQueued: 1 });
    expect(workflow.calls.map((c) => (c.op === 'completeTask' ? c.taskToken : c.op))).toEqual([
      'token-E3',
      'token-E2',
    ]);
    expect((await records.approvals.getApproval('run-E3:seats'))?.decidedBy).toBe('lanyard');
    expect((await records.approvals.getApproval('run-E1:seats'))?.status).toBe('pending');
    expect(await records.seatReadings.listSeatReadings('2026-12-01')).toEqual([
      { day: '2026-12-01', used: 1, total: 3 },
    ]);
  });

  it('releases nobody while no seat is free', async () => {
    // Prepare
    const { workflow, deps } = await prepare(1);
    // Act
    const watched = await watchSeats(deps);
    // Assess
    expect(watched).toMatchObject({ released: [], stillQueued: 3 });
    expect(workflow.calls).toEqual([]);
  });
});

/**
 * decideQuarantine, an admin's release or discard of a quarantine batch (whole, or some departments):
 * each held run decided once, audited with the admin as actor, and handed to its waiting task.
 * Records and the guard's store in memory; the workflow engine records.
 */
import { describe, expect, it } from 'vitest';
import { ErrorNames } from '../../../../functions/core/errors.ts';
import { decideQuarantine } from '../../../../functions/core/guard/decide-quarantine.ts';
import { InMemoryGuardStore } from '../../../support/fakes/in-memory-guard-store.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { fixedClock, NOW } from '../../../support/run-builders.ts';

const ADMIN = 'it@example.com';

async function prepare() {
  const records = inMemoryRecords(() => new Date(NOW));
  const guard = new InMemoryGuardStore();
  const workflow = new RecordingWorkflowEngine();
  const deps = { ...records, clock: fixedClock(), guard, workflow };
  /** Holds the termination of employee `n` in the open batch, waiting on `token-<n>` unless told not to. */
  const hold = async (n: number, department: string | null, waiting = true) => {
    const runId = `offboarding:evt-term-${n}`;
    const { held } = await guard.hold(
      'terminations',
      {
        runId,
        eventId: `evt-term-${n}`,
        employeeId: `E${n}`,
        email: `leaver${n}@example.com`,
        fullName: `Leaver ${n}`,
        department,
        managerEmail: null,
        heldAt: NOW,
        reason: 'past the limit of 2',
      },
      { windowMinutes: 60, limit: 2 },
    );
    if (waiting) await guard.setHoldToken(runId, `token-${n}`);
    return held;
  };
  return { records, guard, workflow, deps, hold };
}

const actorsOf = async (records: ReturnType<typeof inMemoryRecords>, runId: string) =>
  (await records.audit.runAudit(runId)).map(({ entry }) => [entry.actor, entry.action, entry.result]);

describe('decideQuarantine', () => {
  it('releases the whole batch: each run audited with the admin as actor and its waiting task told to go on', async () => {
    // Prepare
    const { records, guard, workflow, deps, hold } = await prepare();
    await hold(1, 'Sales');
    await hold(2, 'Design');
    // Act
    const result = await decideQuarantine(
      { batchId: 'batch-1', decision: 'released', departments: null, by: ADMIN },
      deps,
    );
    // Assess
    expect(result).toEqual({
      found: true,
      decided: ['offboarding:evt-term-1', 'offboarding:evt-term-2'],
      alreadyDecided: [],
      remaining: 0,
    });
    expect(workflow.calls).toEqual([
      { op: 'completeTask', taskToken: 'token-1', output: { released: true } },
      { op: 'completeTask', taskToken: 'token-2', output: { released: true } },
    ]);
    expect(await actorsOf(records, 'offboarding:evt-term-1')).toEqual([
      [`admin:${ADMIN}`, 'release-from-quarantine', 'begun'],
      [`admin:${ADMIN}`, 'release-from-quarantine', 'succeeded'],
    ]);
    expect(await guard.heldRun('offboarding:evt-term-2')).toMatchObject({
      decision: 'released',
      decidedBy: ADMIN,
      decidedAt: NOW,
    });
  });

  it('closes a batch decided whole: a termination held afterwards opens a new one', async () => {
    // Prepare
    const { guard, deps, hold } = await prepare();
    await hold(1, 'Sales');
    // Act
    await decideQuarantine({ batchId: 'batch-1', decision: 'released', departments: [], by: ADMIN }, deps);
    const later = await hold(2, 'Sales');
    // Assess
    expect((await guard.getBatch('batch-1'))?.status).toBe('decided');
    expect(later.batchId).toBe('batch-2');
  });

  it('discards only the chosen departments, failing their tasks with QuarantineDiscarded; the batch stays open', async () => {
    // Prepare
    const { records, guard, workflow, deps, hold } = await prepare();
    await hold(1, 'Sales');
    await hold(2, 'Design');
    await hold(3, null);
    // Act
    const result = await decideQuarantine(
      { batchId: 'batch-1', decision: 'discarded', departments: ['sales', '(none)'], by: ADMIN },
      deps,
    );
    // Assess
    expect(result).toMatchObject({
      decided: ['offboarding:evt-term-1', 'offboarding:evt-term-3'],
      remaining: 1,
    });
    expect(workflow.calls).toEqual([
      expect.objectContaining({
        op: 'failTask',
        taskToken: 'token-1',
        error: ErrorNames.QuarantineDiscarded,
      }),
      expect.objectContaining({
        op: 'failTask',
        taskToken: 'token-3',
        error: ErrorNames.QuarantineDiscarded,
      }),
    ]);
    expect((await guard.heldRun('offboarding:evt-term-2'))?.decision).toBe('pending');
    expect((await guard.getBatch('batch-1'))?.status).toBe('open');
    expect((await records.audit.runAudit('offboarding:evt-term-1'))[0]?.entry).toMatchObject({
      action: 'discard-from-quarantine',
      detail: expect.stringMatching(
        /^Discarded the termination of leaver1@example.com \(batch batch-1; held because/,
      ),
    });
  });

  it('decides a run whose wait has not begun without a workflow call: its Hold step finds the decision', async () => {
    // Prepare
    const { guard, workflow, deps, hold } = await prepare();
    await hold(1, 'Sales', false);
    // Act
    const result = await decideQuarantine(
      { batchId: 'batch-1', decision: 'released', departments: null, by: ADMIN },
      deps,
    );
    // Assess
    expect(result).toMatchObject({ decided: ['offboarding:evt-term-1'] });
    expect(workflow.calls).toEqual([]);
    expect((await guard.heldRun('offboarding:evt-term-1'))?.decision).toBe('released');
  });

  it('changes nothing on a second decision of the same batch', async () => {
    // Prepare
    const { records, workflow, deps, hold } = await prepare();
    await hold(1, 'Sales');
    await decideQuarantine({ batchId: 'batch-1', decision: 'released', departments: null, by: ADMIN }, deps);
    // Act
    const again = await decideQuarantine(
      { batchId: 'batch-1', decision: 'discarded', departments: null, by: 'other@example.com' },
      deps,
    );
    // Assess
    expect(again).toEqual({ found: true, decided: [], alreadyDecided: [], remaining: 0 });
    expect(workflow.calls).toHaveLength(1);
    expect(await records.audit.runAudit('offboarding:evt-term-1')).toHaveLength(2);
  });

  it('answers not found for an unknown batch', async () => {
    // Prepare
    const { deps } = await prepare();
    // Act
    const result = await decideQuarantine(
      { batchId: 'batch-9', decision: 'released', departments: null, by: ADMIN },
      deps,
    );
    // Assess
    expect(result).toEqual({ found: false });
  });
});

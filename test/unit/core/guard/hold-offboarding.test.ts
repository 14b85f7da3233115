/**
 * holdOffboarding, a held termination's wait: the task token kept on the held run, one notification
 * per batch (from the run that opened it), and a decision taken before the wait began handed to
 * the task at once. Records and the guard's store in memory; workflow engine and notifier record.
 */
import { describe, expect, it } from 'vitest';
import { ErrorNames } from '../../../../functions/core/errors.ts';
import { holdOffboarding } from '../../../../functions/core/guard/hold-offboarding.ts';
import type { RunContext } from '../../../../functions/core/run-context.ts';
import { InMemoryGuardStore } from '../../../support/fakes/in-memory-guard-store.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { aRunContext, fixedClock, NOW } from '../../../support/run-builders.ts';

const leaver = (n: number, department: string | null, managerEmail: string | null): RunContext =>
  aRunContext({
    runId: `offboarding:evt-term-${n}`,
    executionName: `exec-term-${n}`,
    person: {
      id: `E${n}`,
      email: `leaver${n}@example.com`,
      fullName: `Leaver ${n}`,
      department,
      managerEmail,
    },
  });

async function prepare(consoleUrl: string | null = null) {
  const records = inMemoryRecords(() => new Date(NOW));
  const guard = new InMemoryGuardStore();
  const workflow = new RecordingWorkflowEngine();
  const notifier = new RecordingNotifier();
  const deps = { ...records, clock: fixedClock(), guard, workflow, notifier, offboarding: { consoleUrl } };
  /** Holds the run as Guard Termination does; answers its batch and whether it opened it. */
  const hold = async (run: RunContext) => {
    await guard.countChange('terminations', run.runId, NOW, 60);
    const { held, opened } = await guard.hold(
      'terminations',
      {
        runId: run.runId,
        eventId: run.runId.slice('offboarding:'.length),
        employeeId: run.person.id,
        email: run.person.email,
        fullName: run.person.fullName,
        department: run.person.department,
        managerEmail: run.person.managerEmail,
        heldAt: NOW,
        reason: 'past the limit of 2',
      },
      { windowMinutes: 60, limit: 2 },
    );
    return { run, batchId: held.batchId, opened };
  };
  return { guard, workflow, notifier, deps, hold };
}

describe('holdOffboarding', () => {
  it('keeps the task token, and the run that opened the batch tells admins who is held and against what usual rate', async () => {
    // Prepare
    const { guard, workflow, notifier, deps, hold } = await prepare('https://lanyard.example.com');
    const first = await hold(leaver(1, 'Sales', 'm@example.com'));
    await hold(leaver(2, 'Sales', 'n@example.com'));
    await hold(leaver(3, null, 'm@example.com'));
    // 69 more terminations over the last 30 days: 72 in 720 hours is 0.1 per hour.
    for (let n = 0; n < 69; n++)
      await guard.countChange(
        'terminations',
        `past-${n}`,
        new Date(Date.parse(NOW) - (n + 1) * 36_000_000).toISOString(),
        60,
      );
    // Act
    await holdOffboarding({ ...first, taskToken: 'token-1' }, deps);
    // Assess
    expect(await guard.holdToken(first.run.runId)).toBe('token-1');
    expect(workflow.calls).toEqual([]);
    expect(notifier.sent).toHaveLength(1);
    const [sent] = notifier.sent;
    expect(sent).toMatchObject({
      kind: 'approval-requested',
      title: 'Mass-change guard: 3 terminations held (more than 2 within 60 min)',
      runId: null,
    });
    expect(sent?.body).toContain('By department: Sales 2, (none) 1.');
    expect(sent?.body).toContain('By manager: m@example.com 2, n@example.com 1.');
    expect(sent?.body).toContain('Usual rate: 0.1 terminations per 60 min (average of the last 30 days)');
    expect(sent?.body).toContain('https://lanyard.example.com#/quarantine');
  });

  it('tells nobody when the run joined a batch another run opened', async () => {
    // Prepare
    const { guard, notifier, deps, hold } = await prepare();
    await hold(leaver(1, 'Sales', null));
    const joined = await hold(leaver(2, 'Sales', null));
    // Act
    await holdOffboarding({ ...joined, taskToken: 'token-2' }, deps);
    // Assess
    expect(joined.opened).toBe(false);
    expect(await guard.holdToken(joined.run.runId)).toBe('token-2');
    expect(notifier.sent).toEqual([]);
  });

  it('shows the first five departments and how many more, and the admin API when no console is set', async () => {
    // Prepare
    const { notifier, deps, hold } = await prepare();
    const first = await hold(leaver(1, 'D1', null));
    for (let n = 2; n <= 7; n++) await hold(leaver(n, `D${n}`, null));
    // Act
    await holdOffboarding({ ...first, taskToken: 'token-1' }, deps);
    // Assess
    expect(notifier.sent[0]?.body).toContain('By department: D1 1, D2 1, D3 1, D4 1, D5 1, and 2 more.');
    expect(notifier.sent[0]?.body).toContain('Review at GET /admin/quarantine');
  });

  it('completes its own task at once when an admin released the run before the wait began', async () => {
    // Prepare
    const { guard, workflow, notifier, deps, hold } = await prepare();
    const held = await hold(leaver(1, 'Sales', null));
    await guard.decide(held.run.runId, 'released', 'it@example.com', NOW);
    // Act
    await holdOffboarding({ ...held, taskToken: 'token-1' }, deps);
    // Assess
    expect(workflow.calls).toEqual([
      { op: 'completeTask', taskToken: 'token-1', output: { released: true } },
    ]);
    expect(notifier.sent).toEqual([]);
  });

  it('fails its own task with QuarantineDiscarded when an admin discarded the run before the wait began', async () => {
    // Prepare
    const { guard, workflow, deps, hold } = await prepare();
    const held = await hold(leaver(1, 'Sales', null));
    await guard.decide(held.run.runId, 'discarded', 'it@example.com', NOW);
    // Act
    await holdOffboarding({ ...held, taskToken: 'token-1' }, deps);
    // Assess
    expect(workflow.calls).toEqual([
      {
        op: 'failTask',
        taskToken: 'token-1',
        error: ErrorNames.QuarantineDiscarded,
        cause: expect.stringMatching(
          /^Discarded from quarantine batch batch-1 by it@example.com at .*: the termination was never applied \(past the limit of 2\)$/,
        ),
      },
    ]);
  });
});

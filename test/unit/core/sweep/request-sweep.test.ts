/**
 * requestSweep and dropFromSweep: an admin starts a sweep (its id is the execution name) and keeps
 * people out of one awaiting approval. Records in memory; the workflow engine records.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigInvalidError,
  StepInputInvalidError,
  SweepNotAwaitingApprovalError,
} from '../../../../functions/core/errors.ts';
import { dropFromSweep, requestSweep } from '../../../../functions/core/sweep/request-sweep.ts';
import type { SweepMember, SweepRecord } from '../../../../functions/ports/records/sweeps.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { fixedClock, NOW } from '../../../support/run-builders.ts';

const ARN = 'arn:aws:states:local:000000000000:stateMachine:Sweep';
const uuidOnce = { uuid: () => '0123abcd-0000-4000-8000-000000000000', secret: () => 'unused' };

function startDeps(overrides: { stateMachineArn?: string | null; canMailPeople?: boolean } = {}) {
  const workflow = new RecordingWorkflowEngine();
  return {
    workflow,
    deps: {
      workflow,
      clock: fixedClock(),
      randomness: uuidOnce,
      stateMachineArn: ARN,
      canMailPeople: false,
      ...overrides,
    },
  };
}

const aSweep = (status: SweepRecord['status']): SweepRecord => ({
  sweepId: 'S1',
  mode: 'approve',
  dryRun: false,
  inactiveSince: '2026-09-01',
  requestedBy: 'admin:it',
  status,
  startedAt: NOW,
  finishedAt: null,
  seatsBefore: 40,
  seatsAfter: null,
});

const member = (memberId: string, state: SweepMember['state']): SweepMember => ({
  memberId,
  email: `${memberId}@example.com`,
  fullName: memberId,
  lastActiveAt: null,
  state,
  reason: 'idle',
});

describe('requestSweep', () => {
  it('starts the sweep workflow under an id made of the day and a random part, as the admin', async () => {
    // Prepare
    const { workflow, deps } = startDeps();
    // Act
    const started = await requestSweep({ mode: 'report', dryRun: true, by: 'it@example.com' }, deps);
    // Assess
    expect(started).toEqual({ sweepId: 'sweep-2026-12-01-0123abcd' });
    expect(workflow.calls).toEqual([
      {
        op: 'startExecution',
        stateMachineArn: ARN,
        name: 'sweep-2026-12-01-0123abcd',
        input: { mode: 'report', dryRun: true, requestedBy: 'admin:it@example.com' },
      },
    ]);
  });

  it.each([
    ['without a sweep state machine', { stateMachineArn: null }, 'report', ConfigInvalidError],
    ['an ask-first sweep without a mail sender', {}, 'ask-first', StepInputInvalidError],
  ] as const)('rejects %s, starting nothing', async (_case, overrides, mode, error) => {
    // Prepare
    const { workflow, deps } = startDeps(overrides);
    // Act
    const started = requestSweep({ mode, dryRun: false, by: 'it@example.com' }, deps);
    // Assess
    await expect(started).rejects.toBeInstanceOf(error);
    expect(workflow.calls).toEqual([]);
  });
});

describe('dropFromSweep', () => {
  it('drops candidates of a sweep awaiting approval and names those that were not candidates', async () => {
    // Prepare
    const records = inMemoryRecords();
    await records.sweeps.createSweep(aSweep('awaiting-approval'));
    await records.sweeps.addSweepMembers('S1', [member('m1', 'candidate'), member('m2', 'exempt')]);
    // Act
    const result = await dropFromSweep('S1', ['m1', 'm2', 'm3'], 'it@example.com', records);
    // Assess
    expect(result).toEqual({ dropped: ['m1'], notCandidates: ['m2', 'm3'] });
    expect((await records.sweeps.getSweepMembers('S1', ['m1'])).get('m1')).toMatchObject({
      state: 'dropped',
      reason: 'kept by it@example.com',
    });
  });

  it('rejects dropping from a sweep that no longer awaits approval', async () => {
    // Prepare
    const records = inMemoryRecords();
    await records.sweeps.createSweep(aSweep('reclaiming'));
    await records.sweeps.addSweepMembers('S1', [member('m1', 'candidate')]);
    // Act
    const dropped = dropFromSweep('S1', ['m1'], 'it@example.com', records);
    // Assess
    await expect(dropped).rejects.toBeInstanceOf(SweepNotAwaitingApprovalError);
    expect((await records.sweeps.getSweepMembers('S1', ['m1'])).get('m1')?.state).toBe('candidate');
  });
});

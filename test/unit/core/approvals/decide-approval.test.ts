/**
 * decideApproval: a decision is made once, by someone other than its subject, audited, and handed
 * to the waiting step. Records in memory; the workflow engine records what it was asked.
 */
import { describe, expect, it } from 'vitest';
import { decideApproval } from '../../../../functions/core/approvals/decide-approval.ts';
import {
  ApprovalNotFoundError,
  ApprovalNotPendingError,
  ErrorNames,
  SelfApprovalError,
} from '../../../../functions/core/errors.ts';
import { aProfile } from '../../../support/builders.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { aSeatApproval, fixedClock, NOW } from '../../../support/run-builders.ts';

const TOKEN = 'task-token-1';

async function prepare(options: { excludeSubjectManager?: boolean } = {}) {
  const records = inMemoryRecords(() => new Date(NOW));
  const workflow = new RecordingWorkflowEngine();
  await records.people.putProfile(aProfile({ managerEmail: 'bo@example.com' }), null);
  await records.runs.createRun({
    runId: 'run-1',
    kind: 'onboarding',
    employeeId: 'E1001',
    executionName: 'exec-1',
    eventId: 'evt-hire',
    status: 'waiting-approval',
    outcome: null,
    summary: null,
    dryRun: false,
    startedAt: '2026-11-30T09:00:00.000Z',
    finishedAt: null,
    steps: [],
  });
  await records.approvals.putApproval(aSeatApproval(), TOKEN);
  const deps = { ...records, workflow, clock: fixedClock(), ...options };
  return { records, workflow, deps };
}

const decision = (by: string, answer: 'approved' | 'rejected' = 'approved') => ({
  approvalId: 'run-1:seats',
  decision: answer,
  by,
  comment: 'seats bought',
});

describe('decideApproval', () => {
  it('records the decision once, audits it as the caller, and resumes the waiting step', async () => {
    // Prepare
    const { records, workflow, deps } = await prepare();
    // Act
    const decided = await decideApproval(decision('admin@example.com'), deps);
    // Assess
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'admin@example.com', decidedAt: NOW });
    expect(workflow.calls).toEqual([
      {
        op: 'completeTask',
        taskToken: TOKEN,
        output: {
          decision: 'approved',
          approvalId: 'run-1:seats',
          decidedBy: 'admin@example.com',
          comment: 'seats bought',
        },
      },
    ]);
    const audit = await records.audit.runAudit('run-1');
    expect(audit.map(({ entry }) => [entry.actor, entry.action, entry.result])).toEqual([
      ['admin:admin@example.com', 'decide-approval', 'begun'],
      ['admin:admin@example.com', 'decide-approval', 'succeeded'],
    ]);
    expect((await records.runs.getRun('run-1'))?.status).toBe('running');
  });

  it('fails the waiting step with ApprovalRejected on a rejection', async () => {
    // Prepare
    const { workflow, deps } = await prepare();
    // Act
    await decideApproval(decision('admin@example.com', 'rejected'), deps);
    // Assess
    expect(workflow.calls).toEqual([
      expect.objectContaining({ op: 'failTask', taskToken: TOKEN, error: ErrorNames.ApprovalRejected }),
    ]);
  });

  it.each([
    ['the subject', 'ana.lima@example.com', {}],
    ['the subject under another case', 'Ana.Lima@Example.com', {}],
    [
      "the subject's manager, where the installation excludes managers",
      'bo@example.com',
      { excludeSubjectManager: true },
    ],
  ])('rejects %s as the decider, changing nothing', async (_who, by, options) => {
    // Prepare
    const { records, workflow, deps } = await prepare(options);
    // Act
    const refused = decideApproval(decision(by), deps);
    // Assess
    await expect(refused).rejects.toBeInstanceOf(SelfApprovalError);
    expect((await records.approvals.getApproval('run-1:seats'))?.status).toBe('pending');
    expect(workflow.calls).toEqual([]);
    expect(await records.audit.runAudit('run-1')).toEqual([]);
  });

  it('refuses a second decision, naming the first, and sends the recorded one again', async () => {
    // Prepare
    const { records, workflow, deps } = await prepare();
    await decideApproval(decision('admin@example.com'), deps);
    // Act
    const second = decideApproval(decision('other@example.com', 'rejected'), deps);
    // Assess
    await expect(second).rejects.toBeInstanceOf(ApprovalNotPendingError);
    await expect(second).rejects.toThrow(/already approved by admin@example.com/);
    expect(workflow.calls.map((c) => c.op)).toEqual(['completeTask', 'completeTask']);
    expect((await records.approvals.getApproval('run-1:seats'))?.decidedBy).toBe('admin@example.com');
    expect(await records.audit.runAudit('run-1')).toHaveLength(2);
  });

  it('rejects deciding an approval that does not exist', async () => {
    // Prepare
    const { deps } = await prepare();
    // Act
    const decided = decideApproval({ ...decision('admin@example.com'), approvalId: 'nope' }, deps);
    // Assess
    await expect(decided).rejects.toBeInstanceOf(ApprovalNotFoundError);
  });
});

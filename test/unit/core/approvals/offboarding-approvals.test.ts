/**
 * The questions offboarding asks an admin (requestOffboardingApproval): the dashboard task of
 * deleting the leaver's Trello tokens, and the account-wide IdP cut with its blast radius — each
 * recorded with its task token and asked once. And releaseQueuedOnboardings, the seat loop:
 * freed seats go to the hires queued for one, in HR order. Records in memory; notifier and
 * workflow engine record.
 */
import { describe, expect, it } from 'vitest';
import { offboardingApprovalId } from '../../../../functions/core/approvals/offboarding-approval-id.ts';
import { releaseQueuedOnboardings } from '../../../../functions/core/approvals/release-queued-onboardings.ts';
import { requestOffboardingApproval } from '../../../../functions/core/approvals/request-offboarding-approval.ts';
import { aMember, aProfile } from '../../../support/builders.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { InMemoryTrello } from '../../../support/fakes/in-memory-trello.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { anOffboardingWithPorts, LEAVER } from '../../../support/offboarding-kit.ts';
import { aSeatApproval, fixedClock, NOW } from '../../../support/run-builders.ts';

describe('requestOffboardingApproval', () => {
  it('asks an admin to delete the leaver’s Trello tokens in the dashboard, recording the wait', async () => {
    // Prepare
    const { records, notifier, deps } = await anOffboardingWithPorts();
    // Act
    const asked = await requestOffboardingApproval(LEAVER, 'delete-tokens', 'token-1', deps);
    // Assess
    const id = offboardingApprovalId(LEAVER.runId, 'delete-tokens');
    expect(asked).toEqual({ approvalId: id, status: 'pending' });
    expect(await records.approvals.getApproval(id)).toMatchObject({
      kind: 'delete-tokens',
      subjectEmployeeId: 'E1001',
      expiresAt: '2026-12-04T09:00:00.000Z',
    });
    expect((await records.runs.getRun(LEAVER.runId))?.status).toBe('waiting-approval');
    expect(notifier.sent.map((n) => n.title)).toEqual([
      'Delete the Trello tokens of Ana Lima (ana.lima@example.com)',
    ]);
  });

  it('states the blast radius of the account-wide cut from the IdP', async () => {
    // Prepare
    const { notifier, deps } = await anOffboardingWithPorts();
    // Act
    await requestOffboardingApproval(LEAVER, 'account-deactivation', 'token-1', deps);
    // Assess
    expect(notifier.sent[0]).toMatchObject({
      title: 'Deactivate the whole okta account of Ana Lima (ana.lima@example.com)?',
      body: expect.stringContaining('deactivates the whole account'),
    });
  });

  it('hands a decision taken before a restart to the new task, asking nobody again', async () => {
    // Prepare
    const { records, notifier, workflow, deps } = await anOffboardingWithPorts();
    await requestOffboardingApproval(LEAVER, 'delete-tokens', 'token-1', deps);
    const id = offboardingApprovalId(LEAVER.runId, 'delete-tokens');
    await records.approvals.decideApproval(id, {
      status: 'rejected',
      by: 'it@example.com',
      at: NOW,
      comment: 'keep',
    });
    // Act
    const asked = await requestOffboardingApproval(LEAVER, 'delete-tokens', 'token-2', deps);
    // Assess
    expect(asked.status).toBe('rejected');
    expect(workflow.calls).toEqual([
      expect.objectContaining({
        op: 'failTask',
        taskToken: 'token-2',
        cause: 'Rejected by it@example.com: keep',
      }),
    ]);
    expect(notifier.sent).toHaveLength(1);
  });
});

describe('releaseQueuedOnboardings', () => {
  async function prepare(free: number | null) {
    const records = inMemoryRecords(() => new Date(NOW));
    const trello = new InMemoryTrello();
    trello.maxSeats = free;
    const workflow = new RecordingWorkflowEngine();
    /** Employee `id`'s hire, effective `effectiveAt`, queued for a seat. */
    const queued = async (id: string, effectiveAt: string) => {
      await records.people.putProfile(
        aProfile({
          employeeId: id,
          lastEvent: { id: `evt-${id}`, type: 'employee.hired', effectiveAt, occurredAt: effectiveAt },
        }),
        null,
      );
      await records.approvals.putApproval(
        aSeatApproval({ id: `run-${id}:seats`, runId: `run-${id}`, subjectEmployeeId: id }),
        `token-${id}`,
      );
    };
    return { records, workflow, queued, deps: { ...records, trello, workflow, clock: fixedClock() } };
  }

  it('approves as many queued hires as seats are free, in HR order, as the seat loop', async () => {
    // Prepare
    const { records, workflow, queued, deps } = await prepare(1);
    await queued('E2', '2026-12-05T09:00:00.000Z');
    await queued('E3', '2026-12-02T09:00:00.000Z');
    // Act
    const result = await releaseQueuedOnboardings('a seat was freed', deps);
    // Assess
    expect(result).toEqual({ released: ['run-E3:seats'], stillQueued: 1 });
    expect(await records.approvals.getApproval('run-E3:seats')).toMatchObject({
      status: 'approved',
      decidedBy: 'lanyard',
    });
    expect((await records.approvals.getApproval('run-E2:seats'))?.status).toBe('pending');
    expect(workflow.calls).toEqual([expect.objectContaining({ op: 'completeTask', taskToken: 'token-E3' })]);
  });

  it('releases everyone queued when Trello sets no cap', async () => {
    // Prepare
    const { queued, deps } = await prepare(null);
    await queued('E2', '2026-12-05T09:00:00.000Z');
    await queued('E3', '2026-12-02T09:00:00.000Z');
    // Act
    const result = await releaseQueuedOnboardings('seats bought', deps);
    // Assess
    expect(result.released).toHaveLength(2);
  });

  it('releases nobody when no seat is free', async () => {
    // Prepare
    const { workflow, queued, deps } = await prepare(0);
    await queued('E2', '2026-12-05T09:00:00.000Z');
    deps.trello.add(aMember({ licensed: true }));
    // Act
    const result = await releaseQueuedOnboardings('nothing', deps);
    // Assess
    expect(result).toEqual({ released: [], stillQueued: 1 });
    expect(workflow.calls).toEqual([]);
  });
});

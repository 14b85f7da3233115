/**
 * requestSeatApproval (Ask For Seats): no seat was free, so an admin is asked once per attempt;
 * the run shows it waits; a re-run finds the same approval and replays a decision already made.
 * Records in memory; the notifier and the workflow engine record.
 */
import { describe, expect, it } from 'vitest';
import { requestSeatApproval } from '../../../../functions/core/approvals/request-seat-approval.ts';
import type { OnboardingSettings } from '../../../../functions/core/onboarding/onboarding-settings.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../../support/fakes/recording-notifier.ts';
import { RecordingWorkflowEngine } from '../../../support/fakes/recording-workflow-engine.ts';
import { aRunContext, aRunRecordOf, fixedClock, NOW } from '../../../support/run-builders.ts';

const HIRE = aRunContext();
const SETTINGS: OnboardingSettings = {
  defaultWorkspaceId: null,
  departmentWorkspaces: {},
  newUserPolicy: 'invite',
  startLeadMinutes: 0,
  firstLoginWaitHours: 48,
  approvalTimeoutHours: 72,
  consoleUrl: 'https://lanyard.example.com/',
};

async function prepare() {
  const records = inMemoryRecords(() => new Date(NOW));
  await records.runs.createRun(aRunRecordOf(HIRE, 'onboarding', 'evt-hire'));
  const notifier = new RecordingNotifier();
  const workflow = new RecordingWorkflowEngine();
  return {
    records,
    notifier,
    workflow,
    deps: { ...records, notifier, workflow, clock: fixedClock(), onboarding: SETTINGS },
  };
}

/** The first ask of the run, approved by an admin. */
async function askedAndApproved(deps: Awaited<ReturnType<typeof prepare>>['deps']) {
  await requestSeatApproval(HIRE, 1, 'token-1', deps);
  await deps.approvals.decideApproval(`${HIRE.runId}:seats:1`, {
    status: 'approved',
    by: 'it@example.com',
    at: NOW,
    comment: null,
  });
}

describe('requestSeatApproval', () => {
  it('asks an admin once, shows the run waiting, and links the console', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    // Act
    const asked = await requestSeatApproval(HIRE, 1, 'token-1', deps);
    await requestSeatApproval(HIRE, 1, 'token-1b', deps);
    // Assess
    expect(asked).toEqual({ approvalId: `${HIRE.runId}:seats:1`, status: 'pending' });
    expect(await records.approvals.getApproval(asked.approvalId)).toMatchObject({
      subjectEmployeeId: 'E1001',
      expiresAt: '2026-12-04T09:00:00.000Z',
    });
    expect(await records.approvals.approvalTaskToken(asked.approvalId)).toBe('token-1b');
    expect((await records.runs.getRun(HIRE.runId))?.status).toBe('waiting-approval');
    expect(notifier.sent[0]).toMatchObject({ kind: 'approval-requested', title: 'Seat needed for Ana Lima' });
    expect(notifier.sent[0]?.body).toContain(
      `https://lanyard.example.com/#/approvals/${encodeURIComponent(asked.approvalId)}`,
    );
  });

  it('says so when it asks again after an approved retry still found no seat', async () => {
    // Prepare
    const { records, notifier, deps } = await prepare();
    await askedAndApproved(deps);
    // Act
    await requestSeatApproval(HIRE, 2, 'token-2', deps);
    // Assess
    expect(notifier.sent.at(-1)?.title).toBe('Seat still needed for Ana Lima (asked again)');
    expect((await records.approvals.getApproval(`${HIRE.runId}:seats:2`))?.question).toMatch(
      /^Asked again: approval .* was approved by it@example.com/,
    );
  });

  it('replays a decision made before the step ran again, instead of asking twice', async () => {
    // Prepare
    const { notifier, workflow, deps } = await prepare();
    await askedAndApproved(deps);
    // Act
    const again = await requestSeatApproval(HIRE, 1, 'token-rerun', deps);
    // Assess
    expect(again.status).toBe('approved');
    expect(workflow.calls).toEqual([
      expect.objectContaining({ op: 'completeTask', taskToken: 'token-rerun' }),
    ]);
    expect(notifier.sent).toHaveLength(1);
  });
});

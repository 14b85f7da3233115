/**
 * withdrawOpenApprovals (a run finished without its questions: they are closed, decided by
 * lanyard, so no admin decides what nobody waits on) and notApproved (how a batch run's approval
 * ended without one, in words). Records in memory.
 */
import { describe, expect, it } from 'vitest';
import { notApproved } from '../../../../functions/core/approvals/not-approved.ts';
import { withdrawOpenApprovals } from '../../../../functions/core/approvals/withdraw-open-approvals.ts';
import { ApprovalNotPendingError, ErrorNames } from '../../../../functions/core/errors.ts';
import { inMemoryRecords } from '../../../support/fakes/in-memory-records.ts';
import { aSeatApproval, NOW } from '../../../support/run-builders.ts';

describe('withdrawOpenApprovals', () => {
  it("closes the run's pending approvals as expired, decided by lanyard, leaving other runs' and decided ones", async () => {
    // Prepare
    const records = inMemoryRecords(() => new Date(NOW));
    await records.approvals.putApproval(aSeatApproval({ id: 'run-1:seats' }), 't1');
    await records.approvals.putApproval(aSeatApproval({ id: 'run-1:other', kind: 'delete-tokens' }), 't2');
    await records.approvals.decideApproval('run-1:other', {
      status: 'approved',
      by: 'it',
      at: NOW,
      comment: null,
    });
    await records.approvals.putApproval(aSeatApproval({ id: 'run-2:seats', runId: 'run-2' }), 't3');
    // Act
    const withdrawn = await withdrawOpenApprovals('run-1', records, NOW, 'The run finished without it');
    // Assess
    expect(withdrawn).toBe(1);
    expect(await records.approvals.getApproval('run-1:seats')).toMatchObject({
      status: 'expired',
      decidedBy: 'lanyard',
      comment: 'The run finished without it',
    });
    expect((await records.approvals.getApproval('run-1:other'))?.status).toBe('approved');
    expect((await records.approvals.getApproval('run-2:seats'))?.status).toBe('pending');
  });

  it('leaves an approval an admin decided meanwhile as they decided it', async () => {
    // Prepare
    const records = inMemoryRecords(() => new Date(NOW));
    await records.approvals.putApproval(aSeatApproval({ id: 'run-1:seats' }), 't1');
    records.approvals.decideApproval = async () => {
      throw new ApprovalNotPendingError('run-1:seats was approved meanwhile');
    };
    // Act
    const withdrawn = await withdrawOpenApprovals('run-1', records, NOW, 'finished');
    // Assess
    expect(withdrawn).toBe(0);
  });
});

describe('notApproved', () => {
  it.each([
    [ErrorNames.ApprovalRejected, 'rejected'],
    [ErrorNames.ApprovalExpired, 'not approved in time'],
    [ErrorNames.Timeout, 'not approved in time'],
    ['TrelloUnavailableError', null],
  ])('reads %s as %s', (error, words) => {
    expect(notApproved(error)).toBe(words);
  });
});

import { describe, expect, it } from 'vitest';
import { ApprovalNotPendingError } from '../../../functions/core/errors.ts';
import {
  allPages,
  anApproval,
  approvalIds,
  DAY,
  type MakeRecords,
  MINUTE,
  plus,
  recordsUnderTest,
  T0,
  TOKEN,
} from './records-under-test.ts';

export function approvalsContract(name: string, make: MakeRecords): void {
  describe(`Approvals contract: ${name}`, () => {
    const env = recordsUnderTest(make);
    describe('approvals', () => {
      it('never returns the task token with an approval', async () => {
        await env.records.approvals.putApproval(anApproval('a1'), TOKEN);
        await env.records.approvals.putApproval(anApproval('a2'), TOKEN);
        const returned = [
          await env.records.approvals.putApproval(anApproval('a1'), TOKEN),
          await env.records.approvals.getApproval('a1'),
          await env.records.approvals.listApprovals({}),
          await env.records.approvals.listApprovals({ status: 'pending' }),
          await env.records.approvals.decideApproval('a2', {
            status: 'approved',
            by: 'it@example.com',
            at: T0,
            comment: null,
          }),
          await env.records.approvals.listApprovals({ status: 'approved' }),
        ];
        expect(JSON.stringify(returned)).not.toContain(TOKEN);
        expect(JSON.stringify(returned)).not.toContain('taskToken');
        expect(await env.records.approvals.approvalTaskToken('a1')).toBe(TOKEN);
        expect(await env.records.approvals.approvalTaskToken('missing')).toBeNull();
      });

      it('refreshes only the task token when a pending approval is put again', async () => {
        expect(await env.records.approvals.putApproval(anApproval('a1'), 'token-1')).toEqual(
          anApproval('a1'),
        );
        const changed = anApproval('a1', { question: 'changed?', createdAt: plus(T0, 1) });
        expect(await env.records.approvals.putApproval(changed, 'token-2')).toEqual(anApproval('a1'));
        expect(await env.records.approvals.approvalTaskToken('a1')).toBe('token-2');
      });

      it('decides an approval once; a second decision names who decided and when', async () => {
        await env.records.approvals.putApproval(anApproval('a1'), 'token-1');
        const decided = await env.records.approvals.decideApproval('a1', {
          status: 'approved',
          by: 'it@example.com',
          at: plus(T0, MINUTE),
          comment: 'seats added',
        });
        expect(decided).toEqual({
          ...anApproval('a1'),
          status: 'approved',
          decidedBy: 'it@example.com',
          decidedAt: plus(T0, MINUTE),
          comment: 'seats added',
        });
        const second = env.records.approvals.decideApproval('a1', {
          status: 'rejected',
          by: 'bo@example.com',
          at: T0,
          comment: null,
        });
        await expect(second).rejects.toThrow(ApprovalNotPendingError);
        await expect(second).rejects.toThrow(`already approved by it@example.com at ${plus(T0, MINUTE)}`);
        expect(await env.records.approvals.getApproval('a1')).toEqual(decided);
        // A re-run of the workflow neither reopens it nor replaces the token the decider uses.
        expect(await env.records.approvals.putApproval(anApproval('a1'), 'token-3')).toEqual(decided);
        expect(await env.records.approvals.approvalTaskToken('a1')).toBe('token-1');
      });

      it('decides concurrently exactly once', async () => {
        await env.records.approvals.putApproval(anApproval('a1'), TOKEN);
        const results = await Promise.allSettled(
          ['a', 'b', 'c', 'd'].map((who) =>
            env.records.approvals.decideApproval('a1', {
              status: 'approved',
              by: `${who}@example.com`,
              at: T0,
              comment: null,
            }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ApprovalNotPendingError);
      });

      it('rejects deciding an approval that does not exist', async () => {
        const decision = { status: 'approved', by: 'it@example.com', at: T0, comment: null } as const;
        await expect(env.records.approvals.decideApproval('missing', decision)).rejects.toThrow(
          ApprovalNotPendingError,
        );
        await expect(env.records.approvals.decideApproval('missing', decision)).rejects.toThrow(
          /does not exist/,
        );
        expect(await env.records.approvals.getApproval('missing')).toBeNull();
      });

      it('treats a pending approval past its expiry as expired: not listed pending, not decidable', async () => {
        await env.records.approvals.putApproval(anApproval('a1', { expiresAt: plus(T0, MINUTE) }), TOKEN);
        await env.records.approvals.putApproval(anApproval('a2', { expiresAt: plus(T0, DAY) }), TOKEN);
        expect(
          (await env.records.approvals.listApprovals({ status: 'pending' })).items.map((a) => a.id),
        ).toEqual(['a2', 'a1']);

        env.now = new Date(plus(T0, 2 * MINUTE));
        expect(await env.records.approvals.getApproval('a1')).toMatchObject({
          status: 'expired',
          decidedBy: null,
        });
        expect(
          (await env.records.approvals.listApprovals({ status: 'pending' })).items.map((a) => a.id),
        ).toEqual(['a2']);
        expect(
          (await env.records.approvals.listApprovals({ status: 'expired' })).items.map((a) => a.id),
        ).toEqual(['a1']);
        const late = env.records.approvals.decideApproval('a1', {
          status: 'approved',
          by: 'it@example.com',
          at: env.now.toISOString(),
          comment: null,
        });
        await expect(late).rejects.toThrow(ApprovalNotPendingError);
        await expect(late).rejects.toThrow(/expired/);
      });

      it('closes an approval as expired even past its expiry (the timeout path)', async () => {
        await env.records.approvals.putApproval(anApproval('a1', { expiresAt: plus(T0, MINUTE) }), TOKEN);
        env.now = new Date(plus(T0, 2 * MINUTE));
        const closed = await env.records.approvals.decideApproval('a1', {
          status: 'expired',
          by: 'lanyard',
          at: env.now.toISOString(),
          comment: 'nobody decided in time',
        });
        expect(closed).toMatchObject({ status: 'expired', decidedBy: 'lanyard' });
        expect((await env.records.approvals.listApprovals({ status: 'expired' })).items).toEqual([closed]);
        await expect(
          env.records.approvals.decideApproval('a1', {
            status: 'approved',
            by: 'it@example.com',
            at: T0,
            comment: null,
          }),
        ).rejects.toThrow(/already expired by lanyard/);
      });

      it('lists approvals newest first, by status, in pages', async () => {
        for (const i of [0, 1, 2, 3, 4]) {
          await env.records.approvals.putApproval(
            anApproval(`a${i}`, { createdAt: plus(T0, i * MINUTE) }),
            TOKEN,
          );
        }
        await env.records.approvals.decideApproval('a3', {
          status: 'rejected',
          by: 'it@example.com',
          at: T0,
          comment: null,
        });
        const pending = await allPages(2, (cursor) =>
          env.records.approvals.listApprovals({ status: 'pending', limit: 2, cursor }),
        );
        expect(approvalIds(pending)).toEqual([
          ['a4', 'a2'],
          ['a1', 'a0'],
        ]);
        const all = await allPages(3, (cursor) => env.records.approvals.listApprovals({ limit: 3, cursor }));
        expect(approvalIds(all)).toEqual([
          ['a4', 'a3', 'a2'],
          ['a1', 'a0'],
        ]);
        expect(
          (await env.records.approvals.listApprovals({ status: 'rejected' })).items.map((a) => a.id),
        ).toEqual(['a3']);
      });
    });
  });
}

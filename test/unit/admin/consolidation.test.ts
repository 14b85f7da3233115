/**
 * previewConsolidation and applyConsolidation: the Workspaces the Enterprise could bring in with
 * the seats each would take, and the transfer of the chosen ones, each audited as the admin and
 * read back; nothing is transferred when one chosen is not a candidate. Records and Trello in memory.
 */
import { describe, expect, it } from 'vitest';
import { applyConsolidation, previewConsolidation } from '../../../functions/core/admin/consolidation.ts';
import { SeatsExhaustedError, StepInputInvalidError } from '../../../functions/core/errors.ts';
import { aMember } from '../../support/builders.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { InMemoryTrello } from '../../support/fakes/in-memory-trello.ts';
import { fixedClock, NOW } from '../../support/run-builders.ts';

const BY = 'it@example.com';

function prepare() {
  const records = inMemoryRecords(() => new Date(NOW));
  const trello = new InMemoryTrello();
  trello.maxSeats = 10;
  trello.add(aMember({ memberId: 'p1', email: 'p1@example.com' }));
  trello.add(aMember({ memberId: 'p2', email: 'p2@example.com' }));
  trello.pending.push(
    {
      id: 'ws-pending',
      displayName: 'Marketing',
      memberCount: 3,
      transferrable: true,
      newBillableMemberIds: ['p1', 'p2'],
    },
    {
      id: 'ws-stuck',
      displayName: 'Legacy',
      memberCount: 1,
      transferrable: false,
      newBillableMemberIds: ['p9'],
    },
  );
  trello.claimable.push({
    id: 'ws-claimable',
    name: 'design',
    displayName: 'Design',
    activeMemberCount: 4,
    lastActiveAt: '2026-11-30T09:00:00.000Z',
  });
  return { records, trello, deps: { trello, audit: records.audit, clock: fixedClock() } };
}

const auditOfTransfers = async (records: ReturnType<typeof inMemoryRecords>) =>
  (await records.audit.listAudit({ since: '2026-12-01' })).items.map((e) => [e.actor, e.target, e.result]);

describe('previewConsolidation', () => {
  it('lists pending and claimable Workspaces with the seats each would take, counting only the transferrable ones', async () => {
    // Prepare
    const { trello } = prepare();
    // Act
    const preview = await previewConsolidation(trello);
    // Assess
    expect(preview.available).toBe(10);
    expect(preview.seatsNeeded).toBe(6);
    expect(preview.workspaces.map((w) => [w.workspaceId, w.source, w.seatsNeeded, w.transferrable])).toEqual([
      ['ws-pending', 'pending', 2, true],
      ['ws-stuck', 'pending', 1, false],
      ['ws-claimable', 'claimable', 4, true],
    ]);
  });
});

describe('applyConsolidation', () => {
  it('transfers the chosen Workspaces, each audited as the admin and read back, and reports the seats', async () => {
    // Prepare
    const { records, trello, deps } = prepare();
    // Act
    const result = await applyConsolidation(
      { workspaceIds: ['ws-pending', 'ws-claimable'], by: BY, dryRun: false },
      deps,
    );
    // Assess
    expect(result.results.map((r) => [r.workspaceId, r.result, r.status])).toEqual([
      ['ws-pending', 'transferred', 'added'],
      ['ws-claimable', 'transferred', 'added'],
    ]);
    expect(result).toMatchObject({
      seatsUsedBefore: 0,
      seatsUsedAfter: 2,
      statuses: { added: 2, failed: 0 },
    });
    expect(trello.writes).toEqual(['transfer ws-pending', 'transfer ws-claimable']);
    expect(await auditOfTransfers(records)).toEqual([
      [`admin:${BY}`, 'workspace:ws-pending', 'begun'],
      [`admin:${BY}`, 'workspace:ws-pending', 'succeeded'],
      [`admin:${BY}`, 'workspace:ws-claimable', 'begun'],
      [`admin:${BY}`, 'workspace:ws-claimable', 'succeeded'],
    ]);
  });

  it.each([
    ['one Trello will not transfer', 'ws-stuck'],
    ['one that is not a candidate', 'ws-unknown'],
  ])('rejects a choice with %s, transferring none of it', async (_case, bad) => {
    // Prepare
    const { records, trello, deps } = prepare();
    // Act
    const applied = applyConsolidation({ workspaceIds: ['ws-pending', bad], by: BY, dryRun: false }, deps);
    // Assess
    await expect(applied).rejects.toBeInstanceOf(StepInputInvalidError);
    await expect(applied).rejects.toThrow(new RegExp(`: ${bad}\\. Nothing was transferred`));
    expect(trello.writes).toEqual([]);
    expect(await auditOfTransfers(records)).toEqual([]);
  });

  it('plans a dry run without a transfer or an audit entry', async () => {
    // Prepare
    const { records, trello, deps } = prepare();
    // Act
    const result = await applyConsolidation({ workspaceIds: ['ws-claimable'], by: BY, dryRun: true }, deps);
    // Assess
    expect(result.results).toEqual([
      expect.objectContaining({
        result: 'planned',
        status: 'planned',
        detail: expect.stringMatching(/^Would bring claimable/),
      }),
    ]);
    expect(trello.writes).toEqual([]);
    expect(await auditOfTransfers(records)).toEqual([]);
  });

  it('reports a transfer Trello refused by policy, and goes on with the others', async () => {
    // Prepare
    const { records, trello, deps } = prepare();
    const transfer = trello.transferWorkspace.bind(trello);
    trello.transferWorkspace = async (id) => {
      if (id === 'ws-pending') throw new SeatsExhaustedError('No seat is left for its members');
      return transfer(id);
    };
    // Act
    const result = await applyConsolidation(
      { workspaceIds: ['ws-pending', 'ws-claimable'], by: BY, dryRun: false },
      deps,
    );
    // Assess
    expect(result.results.map((r) => [r.workspaceId, r.result, r.status, r.reason])).toEqual([
      ['ws-pending', 'failed', 'refused-by-policy', 'No seat is left for its members'],
      ['ws-claimable', 'transferred', 'added', undefined],
    ]);
    expect((await auditOfTransfers(records))[1]).toEqual([`admin:${BY}`, 'workspace:ws-pending', 'failed']);
  });

  it('records a transfer Trello accepted but still lists outside the Enterprise as failed', async () => {
    // Prepare
    const { records, trello, deps } = prepare();
    trello.ignoreTransfers.add('ws-claimable');
    // Act
    const result = await applyConsolidation({ workspaceIds: ['ws-claimable'], by: BY, dryRun: false }, deps);
    // Assess
    expect(result.results).toEqual([
      expect.objectContaining({
        result: 'failed',
        status: 'failed',
        reason: expect.stringMatching(/^Trello still lists it outside/),
      }),
    ]);
    expect((await auditOfTransfers(records))[1]).toEqual([`admin:${BY}`, 'workspace:ws-claimable', 'failed']);
  });
});

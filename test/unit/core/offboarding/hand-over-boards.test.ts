/**
 * Boards a leaver administers alone: Plan Handover (who takes them over — the manager, else the
 * fallback admin — and the public boards to report) hands the first over itself; Hand Over Board
 * makes the successor an admin, audited and read back, leaving boards Trello refuses reported.
 * Find Leaver picks the account Lanyard provisioned. Records and Trello in memory.
 */
import { describe, expect, it } from 'vitest';
import { TrelloAuthFailedError, TrelloRequestRejectedError } from '../../../../functions/core/errors.ts';
import { findLeaver, rememberMemberId } from '../../../../functions/core/offboarding/find-leaver.ts';
import { handOverBoard } from '../../../../functions/core/offboarding/hand-over-board.ts';
import type { OffboardingSettings } from '../../../../functions/core/offboarding/offboarding-deps.ts';
import { planOffboarding } from '../../../../functions/core/offboarding/plan-offboarding.ts';
import type { RunContext } from '../../../../functions/core/run-context.ts';
import { aMember } from '../../../support/builders.ts';
import { anOffboardingWithPorts, LEAVER } from '../../../support/offboarding-kit.ts';
import { auditOf } from '../../../support/run-builders.ts';

const LEAVER_ID = aMember().memberId;
const MANAGER_ID = 'm-manager';
const FALLBACK_ID = 'm-fallback';
const WITH_MANAGER: RunContext = { ...LEAVER, person: { ...LEAVER.person, managerEmail: 'bo@example.com' } };

async function prepare(run = WITH_MANAGER, settings: Partial<OffboardingSettings> = {}) {
  const offboarding = await anOffboardingWithPorts(run, { settings });
  offboarding.trello.add(
    aMember({ memberId: MANAGER_ID, email: 'bo@example.com', fullName: 'Bo Berg', licensed: true }),
  );
  return offboarding;
}

describe('planOffboarding', () => {
  it('hands the boards the leaver administers alone to their manager, and reports their public boards', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    trello.addBoard({ id: 'b1', name: 'Roadmap', workspaceId: 'ws' }, LEAVER_ID, 'admin');
    trello.addBoard({ id: 'b2', name: 'Shared', workspaceId: 'ws' }, LEAVER_ID, 'admin');
    trello.addBoard({ id: 'b2', name: 'Shared', workspaceId: 'ws' }, 'm-other', 'admin');
    trello.addBoard(
      { id: 'b3', name: 'Launch', workspaceId: 'ws', visibility: 'public', url: 'https://trello.com/b/b3' },
      LEAVER_ID,
      'admin',
    );
    // Act
    const plan = await planOffboarding(WITH_MANAGER, LEAVER_ID, deps);
    // Assess
    expect(plan).toMatchObject({
      memberId: LEAVER_ID,
      successorId: MANAGER_ID,
      successorSource: 'manager',
      boards: [],
      publicBoards: [{ id: 'b3', name: 'Launch', url: 'https://trello.com/b/b3' }],
    });
    expect(plan.handedOver.map((h) => [h.boardId, h.handedOver])).toEqual([
      ['b1', true],
      ['b3', true],
    ]);
    expect(trello.writes).toEqual([`make ${MANAGER_ID} admin of b1`, `make ${MANAGER_ID} admin of b3`]);
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['hand-over-board', 'begun'],
      ['hand-over-board', 'begun'],
      ['hand-over-board', 'succeeded'],
      ['hand-over-board', 'succeeded'],
    ]);
  });

  it('falls back to the configured admin when the manager is not an active Trello member', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.members.get(MANAGER_ID)!.deactivated = true;
    trello.addBoard({ id: 'b1', name: 'Roadmap', workspaceId: 'ws' }, LEAVER_ID, 'admin');
    // Act
    const plan = await planOffboarding(WITH_MANAGER, LEAVER_ID, deps);
    // Assess
    expect(plan).toMatchObject({ successorId: FALLBACK_ID, successorSource: 'fallback' });
  });

  it('reports the boards when nobody can take them over', async () => {
    // Prepare
    const { trello, deps } = await prepare(LEAVER, { successorFallbackMemberId: null });
    trello.addBoard({ id: 'b1', name: 'Roadmap', workspaceId: 'ws' }, LEAVER_ID, 'admin');
    // Act
    const plan = await planOffboarding(LEAVER, LEAVER_ID, deps);
    // Assess
    expect(plan).toMatchObject({ successorId: null, successorSource: 'none' });
    expect(plan.handedOver).toEqual([
      expect.objectContaining({
        boardId: 'b1',
        handedOver: false,
        detail: expect.stringMatching(/no successor is available/),
      }),
    ]);
    expect(trello.writes).toEqual([]);
  });

  it('plans nothing for a leaver without a Trello account', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.members.delete(LEAVER_ID);
    // Act
    const plan = await planOffboarding(WITH_MANAGER, null, deps);
    // Assess
    expect(plan).toMatchObject({ memberId: null, boards: [], handedOver: [] });
  });
});

describe('handOverBoard', () => {
  const board = { id: 'b1', name: 'Roadmap' };

  it('writes nothing when the board already has another admin', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.addBoard({ ...board, workspaceId: 'ws' }, LEAVER_ID, 'admin');
    trello.addBoard({ ...board, workspaceId: 'ws' }, MANAGER_ID, 'admin');
    // Act
    const result = await handOverBoard(WITH_MANAGER, board, LEAVER_ID, MANAGER_ID, deps);
    // Assess
    expect(result).toMatchObject({
      handedOver: true,
      detail: `Board "Roadmap" already has another admin (${MANAGER_ID})`,
    });
    expect(trello.writes).toEqual([]);
  });

  it('reports a board Trello refuses to hand over, audited as failed, without throwing', async () => {
    // Prepare
    const { records, trello, deps } = await prepare();
    trello.addBoard({ ...board, workspaceId: 'ws' }, LEAVER_ID, 'admin');
    trello.refuse = new TrelloRequestRejectedError('member is not on the board');
    // Act
    const result = await handOverBoard(WITH_MANAGER, board, LEAVER_ID, MANAGER_ID, deps);
    // Assess
    expect(result).toMatchObject({
      handedOver: false,
      detail: expect.stringMatching(/^Trello refused to make m-manager admin/),
    });
    expect(await auditOf(records, LEAVER.runId)).toEqual([
      ['hand-over-board', 'begun'],
      ['hand-over-board', 'failed'],
    ]);
  });

  it('reports a board outside what the admin token may manage', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.boardMemberships = async () => {
      throw new TrelloAuthFailedError('unauthorized permission requested');
    };
    // Act
    const result = await handOverBoard(WITH_MANAGER, board, LEAVER_ID, MANAGER_ID, deps);
    // Assess
    expect(result).toMatchObject({
      handedOver: false,
      detail: expect.stringMatching(/hand it over by hand/),
    });
  });

  it('does not claim a handover Trello does not show afterwards', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.addBoard({ ...board, workspaceId: 'ws' }, LEAVER_ID, 'admin');
    trello.ignoreWrites = true;
    // Act
    const result = await handOverBoard(WITH_MANAGER, board, LEAVER_ID, MANAGER_ID, deps);
    // Assess
    expect(result).toMatchObject({
      handedOver: false,
      detail: expect.stringMatching(/does not show m-manager as admin/),
    });
  });

  it('plans a dry run without writing', async () => {
    // Prepare
    const run = { ...WITH_MANAGER, dryRun: true };
    const { trello, deps } = await prepare(run);
    trello.addBoard({ ...board, workspaceId: 'ws' }, LEAVER_ID, 'admin');
    // Act
    const result = await handOverBoard(run, board, LEAVER_ID, MANAGER_ID, deps);
    // Assess
    expect(result.detail).toMatch(/^Would make m-manager admin/);
    expect(trello.writes).toEqual([]);
  });
});

describe('findLeaver and rememberMemberId', () => {
  it('keeps the account Lanyard provisioned when the email now leads to another one, found by name', async () => {
    // Prepare
    const { trello, deps } = await prepare();
    trello.members.get(LEAVER_ID)!.email = 'old.ana@example.com';
    trello.add(aMember({ memberId: 'm-impostor', email: 'ana.lima@example.com', fullName: 'Someone Else' }));
    // Act
    const found = await findLeaver(WITH_MANAGER, deps);
    // Assess
    expect(found?.memberId).toBe(LEAVER_ID);
  });

  it('keeps the member id the cut found on the record of a run that owns the person', async () => {
    // Prepare
    const { records, deps } = await prepare();
    const profile = await records.people.getProfile('E1001');
    await records.people.putProfile({ ...profile!, trelloMemberId: null }, profile!.version);
    // Act
    await rememberMemberId(WITH_MANAGER, 'm-found', deps);
    await rememberMemberId({ ...WITH_MANAGER, runId: 'run-other' }, 'm-wrong', deps);
    // Assess
    expect((await records.people.getProfile('E1001'))?.trelloMemberId).toBe('m-found');
  });
});

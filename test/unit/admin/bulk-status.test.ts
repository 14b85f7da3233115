import { describe, expect, it } from 'vitest';
import {
  countStatuses,
  statusOfError,
  sweepMemberStatus,
} from '../../../functions/core/admin/bulk-status.ts';
import {
  SeatsExhaustedError,
  TrelloUnavailableError,
  WorkspaceRestrictedError,
} from '../../../functions/core/errors.ts';

describe('bulk statuses', () => {
  it('counts every status, zero included', () => {
    expect(countStatuses([{ status: 'added' }, { status: 'added' }, { status: 'failed' }])).toEqual({
      added: 2,
      'already-there': 0,
      'refused-by-policy': 0,
      failed: 1,
    });
  });

  it.each([
    [new WorkspaceRestrictedError('Workspace w refused a@b.example', 'email-domain'), 'refused-by-policy'],
    [new SeatsExhaustedError('No seat is free'), 'refused-by-policy'],
    [new TrelloUnavailableError('Trello answered 503'), 'failed'],
    [new Error('boom'), 'failed'],
  ] as const)('answers %s as %s, with its message as the reason', (error, status) => {
    expect(statusOfError(error)).toEqual({ status, reason: error.message });
  });

  it.each([
    ['reclaimed', 'added'],
    ['skipped', 'already-there'],
    ['exempt', 'refused-by-policy'],
    ['dropped', 'refused-by-policy'],
    ['kept', 'refused-by-policy'],
    ['failed', 'failed'],
    ['candidate', null],
  ] as const)('answers a sweep member %s as %s', (state, status) => {
    expect(sweepMemberStatus(state)).toBe(status);
  });
});

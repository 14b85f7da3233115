import { describe, expect, it } from 'vitest';
import { systemRandomness } from '../../../functions/adapters/system/system-randomness.ts';
import {
  keepLinkUrl,
  newKeepToken,
  parseKeepToken,
  secretMatches,
} from '../../../functions/core/sweep/keep-link.ts';

describe('keep links', () => {
  it('names the sweep and member and matches only its own secret', () => {
    const { token, secretHash } = newKeepToken(
      'sweep-2026-12-03-abcd1234',
      '5f1e0a4b3c2d1e0f9a8b7c01',
      systemRandomness,
    );
    const parsed = parseKeepToken(token);
    expect(parsed).toMatchObject({
      sweepId: 'sweep-2026-12-03-abcd1234',
      memberId: '5f1e0a4b3c2d1e0f9a8b7c01',
    });
    expect(secretMatches(parsed?.secret ?? '', secretHash)).toBe(true);
    expect(secretHash).not.toContain(parsed?.secret ?? '');
    const other = newKeepToken('sweep-2026-12-03-abcd1234', '5f1e0a4b3c2d1e0f9a8b7c01', systemRandomness);
    expect(other.token).not.toBe(token);
    expect(secretMatches(parseKeepToken(other.token)?.secret ?? '', secretHash)).toBe(false);
  });

  it('carries any execution name, dots included, and refuses what it did not make', () => {
    const { token } = newKeepToken('Lanyard-SweepSchedule.v2-0123456789abcdef', 'abc123', systemRandomness);
    expect(parseKeepToken(token)?.sweepId).toBe('Lanyard-SweepSchedule.v2-0123456789abcdef');
    for (const bad of ['', 'a.b', `${token}x`, token.replace('.', '/'), `../${token}`])
      expect(parseKeepToken(bad)).toBeNull();
  });

  it('puts the token in the fragment of the console page, with or without a trailing slash', () => {
    expect(keepLinkUrl('https://x.example/', 'T')).toBe('https://x.example/console/keep.html#T');
    expect(keepLinkUrl('https://x.example/prod', 'T')).toBe('https://x.example/prod/console/keep.html#T');
  });
});

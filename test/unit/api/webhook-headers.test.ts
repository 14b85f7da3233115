/** Signature headers sent twice (joined with commas on the way in) are told apart from one header. */
import { describe, expect, it } from 'vitest';
import { headerProblems } from '../../../functions/api/ingest/webhook-headers.ts';

const names = ['webhook-id', 'webhook-timestamp', 'webhook-signature'];

describe('headerProblems', () => {
  it('passes one of each, several signatures in one header, and absent headers (401 is the verifier’s)', () => {
    expect(
      headerProblems(
        { 'webhook-id': 'msg_1', 'webhook-timestamp': '1764579600', 'webhook-signature': 'v1,abc= v1a,def=' },
        names,
      ),
    ).toEqual([]);
    expect(headerProblems({}, names)).toEqual([]);
    expect(headerProblems({ 'webhook-signature': 'garbage' }, names)).toEqual([]);
  });

  it.each([
    ['webhook-id', 'msg_1, msg_1'],
    ['webhook-timestamp', '1764579600, 1764579600'],
    ['webhook-timestamp', '1764579600,1764579600'],
    ['webhook-signature', 'v1,abc=, v1,abc='],
    ['webhook-signature', 'v1,abc=,v1,abc='],
  ])('names %s sent twice (%s)', (name, value) => {
    expect(headerProblems({ [name]: value }, names)).toEqual([`${name} was sent more than once`]);
  });

  it('says a timestamp must be Unix seconds', () => {
    expect(headerProblems({ 'webhook-timestamp': '2026-12-01T09:00:00Z' }, names)).toEqual([
      'webhook-timestamp must be whole Unix seconds, e.g. 1764579600; got "2026-12-01T09:00:00Z"',
    ]);
  });
});

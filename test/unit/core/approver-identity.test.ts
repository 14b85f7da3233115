import { describe, expect, it } from 'vitest';
import { isSamePerson, mailboxOf } from '../../../functions/core/approvals/approver-identity.ts';

describe('approver identity', () => {
  it('compares mailboxes: case, sub-addresses and consumer-Gmail dots do not make another person', () => {
    expect(isSamePerson('tomas.garcia+it@example.com', ['tomas.garcia@example.com'])).toBe(true);
    expect(isSamePerson('Tomas.Garcia@Example.COM', ['tomas.garcia@example.com'])).toBe(true);
    expect(isSamePerson(' tomas.garcia@example.com. ', ['TOMAS.GARCIA@EXAMPLE.COM'])).toBe(true);
    expect(isSamePerson('t.o.mas+x@googlemail.com', ['tomas@gmail.com'])).toBe(true);
  });

  it('keeps company-domain dots (different users there) and other people apart', () => {
    expect(isSamePerson('tomasgarcia@example.com', ['tomas.garcia@example.com'])).toBe(false);
    expect(isSamePerson('ana@example.com', ['tomas.garcia@example.com', null])).toBe(false);
    expect(isSamePerson('tomas.garcia@example.org', ['tomas.garcia@example.com'])).toBe(false);
    expect(mailboxOf('x+y+z@Example.com')).toBe('x@example.com');
  });
});

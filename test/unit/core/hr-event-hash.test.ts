/**
 * The body hash an HR event's de-duplication marker keeps: equal for every spelling of the same
 * canonical event (key order, instant notation, absent vs null optional fields), different for any
 * change of what the event says.
 */
import { describe, expect, it } from 'vitest';
import { HrEvent } from '../../../functions/contracts/hr-event.ts';
import { hrEventBodyHash, stableJson } from '../../../functions/core/ingest/hr-event-hash.ts';

const base = {
  id: 'evt-1',
  type: 'employee.hired',
  occurredAt: '2026-11-20T09:00:00Z',
  effectiveAt: '2026-12-01T09:00:00Z',
  employee: { id: 'E1001', email: 'Ana@Example.com', fullName: 'Ana Lima', department: 'Design' },
};
const hashOf = (value: unknown, options?: { times?: boolean }) =>
  hrEventBodyHash(HrEvent.parse(value), options);

describe('hrEventBodyHash', () => {
  it('is the same for every spelling of one canonical event', () => {
    const expected = hashOf(base);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    const { employee, ...rest } = base;
    for (const same of [
      {
        employee: { department: 'Design', fullName: 'Ana Lima', email: 'ana@example.com', id: 'E1001' },
        ...rest,
      },
      { ...base, occurredAt: '2026-11-20T10:00:00+01:00', effectiveAt: '2026-12-01T09:00:00.000Z' },
      { ...base, employee: { ...employee, managerEmail: null }, urgent: false },
      { ...base, employee: { ...employee, fullName: '  Ana Lima ' } },
    ])
      expect(hashOf(same)).toBe(expected);
  });

  it('differs when what the event says differs', () => {
    const expected = hashOf(base);
    for (const other of [
      { ...base, type: 'employee.rehired' },
      { ...base, effectiveAt: '2026-12-02T09:00:00Z' },
      { ...base, employee: { ...base.employee, department: 'Sales' } },
      { ...base, employee: { ...base.employee, department: null } },
      { ...base, urgent: true },
    ])
      expect(hashOf(other)).not.toBe(expected);
  });

  it('leaves the times out when told they are Lanyard’s own clock', () => {
    const later = { ...base, occurredAt: '2026-11-21T09:00:00Z', effectiveAt: '2026-11-21T09:00:00Z' };
    expect(hashOf(later, { times: false })).toBe(hashOf(base, { times: false }));
    expect(hashOf(later)).not.toBe(hashOf(base));
  });
});

describe('stableJson', () => {
  it('sorts keys at every depth and leaves undefined members out', () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"f":1}]},"b":1}',
    );
  });
});

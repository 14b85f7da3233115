import { describe, expect, it } from 'vitest';
import { HrEventTypes } from '../../../functions/contracts/hr-event.ts';
import {
  canonicalEventType,
  eventsToCsv,
  parseEventsCsv,
  SHORT_EVENT_TYPES,
} from '../../../functions/core/admin/parse-events-csv.ts';

const header = 'type,occurredAt,effectiveAt,employeeId,email,fullName,department,managerEmail';
const row =
  'employee.hired,2026-11-20T09:00:00Z,2026-12-01T09:00:00Z,E1,Ana@Example.com,Ana Lima,Design,bo@example.com';

describe('parseEventsCsv', () => {
  it('reads rows into canonical events with a content-derived id, stable across imports', () => {
    const first = parseEventsCsv(`${header}\n${row}\n`);
    const second = parseEventsCsv(`\uFEFF${header}\r\n${row}\r\n`);
    expect(first).toMatchObject({
      ok: true,
      events: [
        {
          line: 2,
          event: {
            type: 'employee.hired',
            employee: { id: 'E1', email: 'ana@example.com', department: 'Design' },
          },
        },
      ],
    });
    if (!first.ok || !second.ok) throw new Error('unreachable');
    expect(first.events[0]?.event.id).toMatch(/^csv-[0-9a-f]{32}$/);
    expect(second.events[0]?.event.id).toBe(first.events[0]?.event.id);
  });

  it('refuses the whole file when any row is bad, naming every bad line', () => {
    const result = parseEventsCsv(
      [header, row, 'employee.fired,x,y,E2,e2@example.com,E2,,', row.replace('E1', 'E3'), ',,,,,,,'].join(
        '\n',
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/nothing was imported/);
    expect(result.rows.map((r) => r.line)).toEqual([3, 5]);
    expect(result.rows[0]?.problems.join()).toMatch(/type/);
  });

  it('names missing and unknown columns, repeated ids, and quoted commas', () => {
    const columns = parseEventsCsv('type,email,salary\nemployee.hired,a@example.com,1');
    expect(columns).toMatchObject({
      ok: false,
      rows: [
        {
          line: 1,
          problems: expect.arrayContaining(['missing column "occurredAt"', 'unknown column "salary"']),
        },
      ],
    });
    const repeated = parseEventsCsv(
      [`id,${header}`, `evt-1,${row}`, `evt-1,${row.replace('E1', 'E9')}`].join('\n'),
    );
    expect(repeated).toMatchObject({ ok: false, rows: [{ line: 3, problems: ['id evt-1 repeats line 2'] }] });
    const quoted = parseEventsCsv(`${header}\n${row.replace('Ana Lima', '"Lima, Ana"')}`);
    expect(quoted).toMatchObject({ ok: true, events: [{ event: { employee: { fullName: 'Lima, Ana' } } }] });
    expect(parseEventsCsv(`${header}\n"unterminated`)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not valid CSV/),
    });
  });

  it('round-trips through eventsToCsv with ids kept', () => {
    const parsed = parseEventsCsv(`${header}\n${row}`);
    if (!parsed.ok) throw new Error('unreachable');
    const again = parseEventsCsv(eventsToCsv(parsed.events.map((e) => e.event)));
    expect(again).toMatchObject({ ok: true, events: [{ event: parsed.events[0]?.event }] });
  });

  it('caps the rows of one request', () => {
    const many = [header, ...Array.from({ length: 3 }, (_, i) => row.replace('E1', `E${i}`))].join('\n');
    expect(parseEventsCsv(many, 2)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/At most 2 rows/),
    });
  });

  it('takes the short type names the CLI takes, as the same events as the full names', () => {
    const short = parseEventsCsv(`${header}\n${row.replace('employee.hired', 'hired')}`);
    const full = parseEventsCsv(`${header}\n${row}`);
    if (!short.ok || !full.ok) throw new Error(`refused: ${JSON.stringify(short)}`);
    expect(short.events[0]?.event.type).toBe('employee.hired');
    // Same content, same derived id: importing either spelling after the other is a duplicate.
    expect(short.events[0]?.event.id).toBe(full.events[0]?.event.id);
    const leave = parseEventsCsv(`${header}\n${row.replace('employee.hired', 'Leave_Started')}`);
    expect(leave).toMatchObject({ ok: true, events: [{ event: { type: 'employee.leave_started' } }] });
  });

  it('rejects an unknown type, naming the types it takes', () => {
    const result = parseEventsCsv(`${header}\n${row.replace('employee.hired', 'hire')}`);
    expect(result).toMatchObject({
      ok: false,
      rows: [
        { line: 2, problems: [expect.stringMatching(/"hire" is not an event type; write one of hired, /)] },
      ],
    });
  });
});

describe('canonicalEventType', () => {
  it.each(HrEventTypes.map((full, i) => [SHORT_EVENT_TYPES[i], full]))(
    'reads %s and its full name as %s',
    (short, full) => {
      expect(canonicalEventType(short as string)).toBe(full);
      expect(canonicalEventType(full)).toBe(full);
      expect(canonicalEventType(` ${full.toUpperCase()} `)).toBe(full);
    },
  );

  it('rejects names that are no type', () => {
    for (const name of ['', 'employee.', 'fired', 'employee.fired', 'employee.employee.hired'])
      expect(canonicalEventType(name)).toBeNull();
  });
});

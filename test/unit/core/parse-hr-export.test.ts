/** The HR export a reconciliation takes as HR's truth: read whole or refused, each bad row named. */
import { describe, expect, it } from 'vitest';
import { parseHrExport } from '../../../functions/core/reconciliation/parse-hr-export.ts';

describe('parseHrExport', () => {
  it('reads each row with its line, emails in lower case, statuses and dates as HR systems write them', () => {
    const parsed = parseHrExport(
      [
        '\uFEFFemployeeId,email,status,terminationDate,hireDate,fullName',
        'E1,Ana.Lima@Example.com,Active,,2026-01-05,Ana Lima',
        'E2,bo@example.com,Inactive,2026-11-30T17:00:00Z,,',
        'E3,cy@example.com,on leave,,,Cy',
      ].join('\r\n'),
    );
    expect(parsed).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          employeeId: 'E1',
          email: 'ana.lima@example.com',
          status: 'active',
          terminationDate: null,
          hireDate: '2026-01-05',
          fullName: 'Ana Lima',
          department: null,
        },
        {
          line: 3,
          employeeId: 'E2',
          email: 'bo@example.com',
          status: 'terminated',
          terminationDate: '2026-11-30',
          hireDate: null,
          fullName: null,
          department: null,
        },
        {
          line: 4,
          employeeId: 'E3',
          email: 'cy@example.com',
          status: 'on-leave',
          terminationDate: null,
          hireDate: null,
          fullName: 'Cy',
          department: null,
        },
      ],
    });
  });

  it('refuses the whole export when any row is bad, naming each bad line and what to write', () => {
    const parsed = parseHrExport(
      [
        'email,employeeId,status,terminationDate',
        'ana@example.com,E1,active,',
        'not-an-email,E2,active,',
        'bo@example.com,E3,fired,',
        'cy@example.com,E4,terminated,30/11/2026',
        'ANA@example.com,E5,active,',
        'dee@example.com,E1,active,',
      ].join('\n'),
    );
    if (parsed.ok) throw new Error('a bad export was accepted');
    expect(parsed.message).toMatch(/^5 row\(s\) of the HR export are invalid; nothing was started/);
    expect(parsed.rows).toEqual([
      { line: 3, problems: ['email: "not-an-email" is not an email address'] },
      { line: 4, problems: ['"fired" is not an employment status; write active, on-leave or terminated'] },
      { line: 5, problems: ['terminationDate must be a date such as 2026-11-30; got "30/11/2026"'] },
      { line: 6, problems: ['email ana@example.com repeats line 2'] },
      { line: 7, problems: ['employeeId E1 repeats line 2'] },
    ]);
  });

  it('rejects a header without the columns it needs, or with ones it does not know', () => {
    const parsed = parseHrExport('email,state,manager\nana@example.com,active,bo\n');
    if (parsed.ok) throw new Error('a bad header was accepted');
    expect(parsed.rows).toEqual([
      {
        line: 1,
        problems: [
          'missing column "employeeId"',
          'missing column "status"',
          'unknown column "state"',
          'unknown column "manager"',
        ],
      },
    ]);
    expect(parsed.message).toMatch(/must name the columns employeeId, email, status/);
  });

  it('rejects an export with no rows, and one past the row limit', () => {
    expect(parseHrExport('employeeId,email,status\n')).toMatchObject({ ok: false, message: /no rows/ });
    const rows = ['employeeId,email,status', 'E1,a@example.com,active', 'E2,b@example.com,active'];
    expect(parseHrExport(rows.join('\n'), 1)).toMatchObject({
      ok: false,
      message: 'An HR export holds at most 1 rows; this one has 2',
    });
  });
});

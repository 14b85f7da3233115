import { describe, expect, it } from 'vitest';
import { seatsText } from '../../../cli/commands/seats.ts';

const report = {
  total: 10,
  used: 10,
  available: 0,
  checkedAt: '2026-12-01T09:00:00.000Z',
  queued: [
    {
      approvalId: 'onboarding:evt-1:seats:1',
      employeeId: 'E1',
      email: 'ana@example.com',
      effectiveAt: '2026-11-20T09:00:00.000Z',
      person: { fullName: 'Ana Lima', email: 'ana@example.com' },
    },
    {
      approvalId: 'onboarding:evt-2:seats:1',
      employeeId: 'E2',
      email: 'bo@example.com',
      effectiveAt: '2026-11-21T09:00:00.000Z',
      person: null,
    },
  ],
  upcoming: [{ employeeId: 'E9', effectiveAt: '2027-01-04T09:00:00.000Z' }],
  forecastAvailable: -3,
  trend: [],
};

describe('seatsText', () => {
  it('shows the counts, then the queue in the order the API gives (HR order), then what is coming', () => {
    const lines = seatsText(report).split('\n');
    expect(lines[0]).toBe('10 used of 10; 0 available (2026-12-01T09:00:00.000Z)');
    expect(lines).toContain('Queued for a seat, in HR order (2):');
    const ana = lines.findIndex((l) => /^1\s+Ana Lima <ana@example\.com>\s+E1\s+2026-11-20/.test(l));
    const bo = lines.findIndex((l) => /^2\s+bo@example\.com\s+E2\s+2026-11-21/.test(l));
    expect(ana).toBeGreaterThan(0);
    expect(bo).toBe(ana + 1);
    expect(lines.join('\n')).toMatch(/npx lanyard seats release --reason/);
    expect(lines).toContain('Upcoming hires (start date ahead): 1');
    expect(lines.some((l) => /^E9\s+2027-01-04/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('Forecast: 3 seats short once every queued and upcoming hire has one');
  });

  it('says nobody waits when the queue is empty', () => {
    const text = seatsText({ ...report, queued: [], upcoming: [], forecastAvailable: 4 });
    expect(text).toMatch(/Queued for a seat: nobody\./);
    expect(text).not.toMatch(/seats release/);
    expect(text).toMatch(/Forecast: 4 available/);
  });
});

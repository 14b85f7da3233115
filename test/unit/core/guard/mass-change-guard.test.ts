import { describe, expect, it } from 'vitest';
import {
  admissionLimit,
  admitReclaims,
  admitTermination,
  DEFAULT_GUARD,
  DEFAULT_TERMINATION_LIMITS,
  inDepartments,
  type MassChangeGuardSettings,
  quarantinePreview,
  usualRatePerWindow,
} from '../../../../functions/core/guard/mass-change-guard.ts';

const on = DEFAULT_GUARD;

describe('admitTermination', () => {
  it('admits the first 50 in the window and quarantines the 51st (default guard)', () => {
    expect(admitTermination(on, { position: 50, urgent: false, knownPeople: null })).toMatchObject({
      admitted: true,
      bypass: null,
    });
    const held = admitTermination(on, { position: 51, urgent: false, knownPeople: null });
    expect(held.admitted).toBe(false);
    expect(held.detail).toMatch(/termination 51 within 60 min is past the mass-change guard's limit of 50/);
  });

  it('applies the share of known people when it is lower than the count', () => {
    // 5 % of 400 licensed members = 20.
    expect(admissionLimit(DEFAULT_TERMINATION_LIMITS, 400)).toBe(20);
    expect(admitTermination(on, { position: 21, urgent: false, knownPeople: 400 }).admitted).toBe(false);
    expect(admitTermination(on, { position: 20, urgent: false, knownPeople: 400 }).admitted).toBe(true);
    // …but never below the floor: 5 % of 40 people would hold the third leaver.
    expect(admissionLimit(DEFAULT_TERMINATION_LIMITS, 40)).toBe(10);
  });

  it('lets an urgent termination bypass up to the urgent limit, and says so', () => {
    const bypass = admitTermination(on, { position: 120, urgent: true, knownPeople: null });
    expect(bypass).toMatchObject({ admitted: true, bypass: 'urgent' });
    expect(bypass.detail).toMatch(/^Urgent: bypassed the mass-change guard/);
    const past = admitTermination(on, { position: 201, urgent: true, knownPeople: null });
    expect(past.admitted).toBe(false);
    expect(past.detail).toMatch(/past the urgent limit of 200/);
  });

  it('admits everything when off, and says the guard is off', () => {
    const off: MassChangeGuardSettings = { mode: 'off' };
    expect(admitTermination(off, { position: 10_000, urgent: false, knownPeople: 10 })).toMatchObject({
      admitted: true,
      bypass: 'guard-off',
    });
  });
});

describe('admitReclaims', () => {
  it('lets a sweep reclaim up to 100 seats by default and holds the whole batch past it', () => {
    expect(admitReclaims(on, { candidates: 100, knownPeople: null })).toMatchObject({
      admitted: true,
      bypass: null,
    });
    const held = admitReclaims(on, { candidates: 101, knownPeople: null });
    expect(held.admitted).toBe(false);
    expect(held.detail).toMatch(/101 seat reclaim\(s\) in one sweep is past its limit of 100$/);
  });

  it('takes the share of the licensed members when lower, and says how the limit came about', () => {
    // 5 % of 1,000 licensed members = 50.
    const held = admitReclaims(on, { candidates: 51, knownPeople: 1000 });
    expect(held.detail).toMatch(/limit of 50 \(100, or 5 % of 1000 licensed members, whichever is lower\)/);
    expect(admitReclaims(on, { candidates: 50, knownPeople: 1000 }).admitted).toBe(true);
    // The floor of 10 holds for small Enterprises too.
    expect(admitReclaims(on, { candidates: 10, knownPeople: 20 }).admitted).toBe(true);
    expect(admitReclaims(on, { candidates: 11, knownPeople: 20 }).admitted).toBe(false);
  });

  it('holds nothing when the guard is off', () => {
    expect(admitReclaims({ mode: 'off' }, { candidates: 100_000, knownPeople: 10 })).toMatchObject({
      admitted: true,
      bypass: 'guard-off',
    });
  });
});

describe('quarantinePreview', () => {
  it('counts by department and manager, largest first, blanks as (none)', () => {
    const preview = quarantinePreview([
      { runId: 'a', employeeId: '1', department: 'Sales', managerEmail: 'm@x' },
      { runId: 'b', employeeId: '2', department: 'Sales', managerEmail: 'n@x' },
      { runId: 'c', employeeId: '3', department: null, managerEmail: 'm@x' },
    ]);
    expect(preview).toEqual({
      count: 3,
      byDepartment: [
        { department: 'Sales', count: 2 },
        { department: '(none)', count: 1 },
      ],
      byManager: [
        { managerEmail: 'm@x', count: 2 },
        { managerEmail: 'n@x', count: 1 },
      ],
    });
  });
});

describe('usualRatePerWindow and inDepartments', () => {
  it('averages hourly counts into the window', () => {
    expect(usualRatePerWindow(Array(720).fill(1), 30, 60)).toBe(1);
    expect(usualRatePerWindow([], 30, 60)).toBe(0);
  });

  it('matches departments ignoring case and blanks, everyone when none is chosen', () => {
    const p = { runId: 'a', employeeId: '1', department: 'Sales', managerEmail: null };
    expect(inDepartments(p, ['sales '])).toBe(true);
    expect(inDepartments(p, ['Design'])).toBe(false);
    expect(inDepartments(p, null)).toBe(true);
    expect(inDepartments({ ...p, department: null }, ['(none)'])).toBe(true);
  });
});

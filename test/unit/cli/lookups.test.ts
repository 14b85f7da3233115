import { describe, expect, it } from 'vitest';
import { pick } from '../../../cli/find-person.ts';
import { runIdCandidates } from '../../../cli/find-run.ts';
import { offboardingRunId, onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';

describe('runIdCandidates', () => {
  it('tries what was typed as a run id first, then the workflow runs its event would start', () => {
    expect(runIdCandidates('evt-123')).toEqual([
      'evt-123',
      onboardingRunId('evt-123'),
      offboardingRunId('evt-123'),
    ]);
  });
});

describe('pick (person show)', () => {
  const ana = { employeeId: 'E1', email: 'ana@example.com', fullName: 'Ana Lima' };
  const anaLima = { employeeId: 'E2', email: 'ana.lima@example.com', fullName: 'Ana Lima' };
  const bo = { employeeId: 'E3', email: 'bo@example.com', fullName: 'Bo Okafor' };

  it('takes the exact email, in any case, among prefix matches', () => {
    expect(pick([anaLima, ana], 'ANA@example.com')).toBe(ana);
  });

  it('rejects an email that only starts another person’s email', () => {
    expect(pick([anaLima], 'ana@example.com')).toBeUndefined();
  });

  it('takes the exact employee id', () => {
    expect(pick([ana, anaLima], 'e2')).toBe(anaLima);
  });

  it('takes a name that finds one person, and refuses to guess between several', () => {
    expect(pick([bo], 'bo')).toBe(bo);
    expect(pick([ana, anaLima], 'ana')).toBeUndefined();
  });
});

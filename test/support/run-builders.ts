/**
 * Builders for the core's unit tests: an HR lifecycle event, the run context a step carries, and
 * a fixed clock. Small defaults (Ana Lima, hired or terminated), overridden where a test needs it.
 */
import type { LifecycleEventDetail } from '../../functions/contracts/hr-event.ts';
import type { RunContext } from '../../functions/core/run-context.ts';
import type { Clock } from '../../functions/ports/clock.ts';

export const NOW = '2026-12-01T09:00:00.000Z';

/** A clock that says `at` until the test moves it (`clock.at = …`). */
export function fixedClock(at = NOW): Clock & { at: string } {
  return {
    at,
    now() {
      return new Date(this.at);
    },
  };
}

export function anEvent(overrides: Partial<LifecycleEventDetail> = {}): LifecycleEventDetail {
  return {
    id: 'evt-hire',
    type: 'employee.hired',
    occurredAt: '2026-11-20T09:00:00.000Z',
    effectiveAt: '2026-12-01T09:00:00.000Z',
    employee: { id: 'E1001', email: 'ana.lima@example.com', fullName: 'Ana Lima', department: 'Design' },
    dryRun: false,
    ...overrides,
  };
}

export function aRunContext(overrides: Partial<RunContext> = {}): RunContext {
  return {
    runId: 'run-evt-hire',
    executionName: 'exec-evt-hire',
    actor: 'hr:evt-hire',
    dryRun: false,
    person: {
      id: 'E1001',
      email: 'ana.lima@example.com',
      fullName: 'Ana Lima',
      department: 'Design',
      managerEmail: null,
    },
    ...overrides,
  };
}

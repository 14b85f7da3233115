/**
 * Builders for the core's unit tests: an HR lifecycle event, the run context a step carries, and
 * a fixed clock. Small defaults (Ana Lima, hired or terminated), overridden where a test needs it.
 */
import type { LifecycleEventDetail } from '../../functions/contracts/hr-event.ts';
import type { RunKind } from '../../functions/core/model/run-statuses.ts';
import type { RunContext } from '../../functions/core/run-context.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import type { ApprovalRecord } from '../../functions/ports/records/approvals.ts';
import type { AuditLog } from '../../functions/ports/records/audit-log.ts';
import type { RunRecord } from '../../functions/ports/records/runs.ts';

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

/** A pending seat request of Ana's onboarding run (`run-1`), answered within a week. */
export function aSeatApproval(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id: 'run-1:seats',
    runId: 'run-1',
    kind: 'seats-exhausted',
    subjectEmployeeId: 'E1001',
    subjectEmail: 'ana.lima@example.com',
    question: 'No seat is free. Approve to retry the grant?',
    options: ['approve', 'reject'],
    status: 'pending',
    createdAt: '2026-11-30T09:00:00.000Z',
    expiresAt: '2026-12-07T09:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    comment: null,
    ...overrides,
  };
}

/** The audit entries of a run as `[action, result]` pairs, in time order. */
export async function auditOf(records: { audit: AuditLog }, runId: string): Promise<string[][]> {
  return (await records.audit.runAudit(runId)).map(({ entry }) => [entry.action, entry.result]);
}

/** The record of `run` as its first step finds it: running, no steps yet. */
export function aRunRecordOf(run: RunContext, kind: RunKind, eventId: string): RunRecord {
  return {
    runId: run.runId,
    kind,
    employeeId: run.person.id,
    executionName: run.executionName,
    eventId,
    status: 'running',
    outcome: null,
    summary: null,
    dryRun: run.dryRun,
    startedAt: NOW,
    finishedAt: null,
    steps: [],
  };
}

/**
 * The audit trail is append-only: an entry is written once and never changed. An attempt at a
 * change is a `begun` entry written before the change; its outcome, `succeeded` or `failed`, is a
 * separate entry written after it that names the begun one. `planned` and `skipped` stand alone.
 */
export type AuditResult = 'begun' | 'succeeded' | 'failed' | 'planned' | 'skipped';
export type AuditOutcome = 'succeeded' | 'failed';

/** How an audit chain can be found broken (GET /admin/audit/verify). */
export type AuditChainProblem = 'edited' | 'removed' | 'reordered' | 'truncated';

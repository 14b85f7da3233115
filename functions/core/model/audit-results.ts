/**
 * The audit trail is append-only: an entry is written once and never changed. An attempt at a
 * change is a `begun` entry written before the change; its outcome, `succeeded` or `failed`, is a
 * separate entry written after it that names the begun one. `planned` and `skipped` stand alone.
 */
export const AuditResults = ['begun', 'succeeded', 'failed', 'planned', 'skipped'] as const;
export type AuditResult = (typeof AuditResults)[number];
export type AuditOutcome = 'succeeded' | 'failed';

/** How an audit chain can be found broken (GET /admin/audit/verify). */
export const AuditChainProblems = ['edited', 'removed', 'reordered', 'truncated'] as const;
export type AuditChainProblem = (typeof AuditChainProblems)[number];

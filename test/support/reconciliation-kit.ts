/** What the reconciliation tests share: start one through the API, read its findings, approve a chosen few fixes. */
import { expect } from 'vitest';
import {
  fixApprovalId,
  reconciliationRunId,
} from '../../functions/core/reconciliation/reconciliation-ids.ts';
import type { PersonProfile } from '../../functions/ports/records/people.ts';
import type { ReconciliationFinding } from '../../functions/ports/records/reconciliations.ts';
import type { RunRecord } from '../../functions/ports/records/runs.ts';
import { adminRequest, type StackHarness, waitFor } from './local-stack-harness.ts';
import { startBatchRun } from './sweep-kit.ts';

/** This test file's run: emails made with it are new to the simulator and the records. */
const stamp = Date.now();
/** An id nobody has used yet, named after its part in the test. */
export const fresh = (name: string) => `${name}-${stamp}`;
/** An address nobody has used yet, named after its part in the test. */
export const freshEmail = (name: string) => `${name}.${stamp}@example.com`;

/** Starts a reconciliation through the admin API and waits until its run's status passes `until`. */
export function reconcile(
  h: StackHarness,
  body: { mode: 'report' | 'approve'; hrExport?: string },
  until?: (status: string) => boolean,
): Promise<{ id: string; run: RunRecord }> {
  return startBatchRun(h, '/admin/reconciliations', body, 'id', reconciliationRunId, until);
}

/** Every finding of a reconciliation, by finding id. */
export async function findingsOf(h: StackHarness, id: string): Promise<Map<string, ReconciliationFinding>> {
  const all = new Map<string, ReconciliationFinding>();
  let cursor: string | null = null;
  do {
    const page = await h.records.reconciliations.listFindings(id, { limit: 1000, cursor });
    for (const f of page.items) all.set(f.findingId, f);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * In a reconciliation awaiting its fix approval, drops every open fix but `keep` (the simulator's
 * seed has drift of its own), approves the rest as an admin, and waits for the fixes to be applied.
 */
export async function approveOnly(h: StackHarness, id: string, keep: readonly string[]): Promise<RunRecord> {
  const approval = await waitFor('the fix approval', () =>
    h.records.approvals.getApproval(fixApprovalId(id)),
  );
  expect(approval).toMatchObject({ kind: 'reconciliation-fix', status: 'pending' });
  const others = [...(await findingsOf(h, id)).values()]
    .filter((f) => f.state === 'open' && !keep.includes(f.findingId))
    .map((f) => f.findingId);
  if (others.length > 0) {
    const dropped = await adminRequest(h, 'POST', `/admin/reconciliations/${id}/drop`, {
      findingIds: others,
    });
    expect(dropped.status).toBe(200);
    expect(dropped.json.notOpen).toEqual([]);
  }
  const approved = await adminRequest(
    h,
    'POST',
    `/admin/approvals/${encodeURIComponent(approval.id)}/approve`,
    {
      comment: 'apply these',
    },
  );
  expect(approved.status).toBe(200);
  return waitFor(
    'the fixes',
    async () => {
      const r = await h.records.runs.getRun(reconciliationRunId(id));
      return r?.status === 'succeeded' ? r : null;
    },
    60_000,
  );
}

/** Waits until a run the fixes started has ended, and answers it. */
export function ended(h: StackHarness, runId: string): Promise<RunRecord> {
  return waitFor(
    `run ${runId}`,
    async () => {
      const r = await h.records.runs.getRun(runId);
      return r && r.status !== 'running' && r.status !== 'waiting-approval' ? r : null;
    },
    60_000,
  );
}

/** A person record no run wrote (an HR event that started none, or a record older than its runs). */
export async function runlessPerson(
  h: StackHarness,
  person: { employeeId: string; email: string; lifecycle: PersonProfile['lifecycle'] },
): Promise<PersonProfile> {
  return h.records.people.putProfile(
    {
      ...person,
      fullName: `Runless ${person.employeeId}`,
      department: null,
      managerEmail: null,
      trelloMemberId: null,
      onLeave: false,
      lastEvent: null,
      currentRunId: null,
      updatedAt: new Date().toISOString(),
    },
    null,
  );
}

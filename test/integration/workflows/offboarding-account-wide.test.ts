/**
 * Account-wide IdP deactivation (scope `account`) on its own local stack: it waits for an
 * approval that states the blast radius, does nothing account-wide on reject, and deactivates the
 * whole account once approved. (Its own file: one local stack per test process.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { OffboardingStates as S } from '../../../workflows/offboarding/offboarding-states.ts';
import {
  hrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitFor,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

const NO_RETRY_WAIT = { [S.cutSignIn]: 0, [S.cutAccount]: 0, [S.verify]: 0 };

describe('account-wide IdP deactivation', () => {
  let wide: StackHarness;
  beforeAll(async () => {
    wide = await startStackHarness({
      inMemory: true,
      idpScope: 'account',
      retryIntervalOverrides: NO_RETRY_WAIT,
    });
    await wide.control('POST', '/enterprise', { maxMembers: 10_000 });
  }, 120_000);
  afterAll(() => wide?.close());

  async function leaver(name: string) {
    const email = `${name}.${Date.now()}@example.com`;
    await wide.control('POST', '/members', { email, fullName: name, licensed: true });
    wide.stack.idp?.addUser({ email });
    const detail = hrEvent('employee.terminated', { email, id: `E-${name}` });
    const arn = await startOffboarding(wide, detail);
    const approval = await waitFor('the account-wide approval', async () => {
      const { items } = await wide.records.approvals.listApprovals({ status: 'pending', limit: 100 });
      return items.find((a) => a.runId === offboardingRunId(detail.id) && a.kind === 'account-deactivation');
    });
    return { email, arn, approval, runId: offboardingRunId(detail.id) };
  }
  const decide = (approvalId: string, verb: 'approve' | 'reject') =>
    fetch(`${wide.stack.api.url}/admin/approvals/${encodeURIComponent(approvalId)}/${verb}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wide.stack.adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    });

  it('waits for an approval that states the blast radius; on reject the account stays', async () => {
    const { email, arn, approval, runId } = await leaver('rejected');
    expect(approval.question).toMatch(/deprovisioned from every app/);
    // Sign-in is cut before anyone is asked; the account is untouched while the question is open.
    expect(wide.stack.idp?.user(email)).toMatchObject({ signInActive: false, accountActive: true });
    expect((await decide(approval.id, 'reject')).status).toBe(200);
    expect((await waitForExecution(wide, arn)).status).toBe('SUCCEEDED');
    expect(wide.stack.idp?.user(email)).toMatchObject({
      signInActive: false,
      accountActive: true,
      status: 'SUSPENDED',
    });
    expect((await wide.records.runs.getRun(runId))?.summary).toContain('Account-wide deactivation rejected');
  });

  it('deactivates the whole account once approved', async () => {
    const { email, arn, approval } = await leaver('approved');
    expect((await decide(approval.id, 'approve')).status).toBe(200);
    expect((await waitForExecution(wide, arn)).status).toBe('SUCCEEDED');
    expect(wide.stack.idp?.user(email)).toMatchObject({ accountActive: false, status: 'DEPROVISIONED' });
  });
});

/**
 * Offboarding with Atlassian Administration as the identity provider (its own local stack): the
 * directory suspend cuts SSO into Trello, and the leaver's Atlassian-account API tokens are
 * revoked through the Admin API, each audited — and counted in the run, never claimed otherwise.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import type { AtlassianSimulator } from '../../../infra/local/simulators/idp/atlassian/atlassian-simulator.ts';
import {
  hrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true, idp: 'atlassian' });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

it('suspends the leaver in the Atlassian directory and revokes their Atlassian API tokens', async () => {
  const email = 'atl.leaver@example.com';
  const member = await h.control<{ id: string }>('POST', '/members', {
    email,
    fullName: 'Atl Leaver',
    licensed: true,
  });
  const atlassian = h.stack.idp as AtlassianSimulator;
  atlassian.addUser({ email });
  atlassian.addApiToken(email, 'Jira automation');
  atlassian.addApiToken(email, 'Personal script');

  const detail = hrEvent('employee.terminated', { email, id: 'E-ATL' });
  const done = await waitForExecution(h, await startOffboarding(h, detail));
  expect(done.status).toBe('SUCCEEDED');
  const runId = offboardingRunId(detail.id);
  const run = await h.records.runs.getRun(runId);
  expect(run).toMatchObject({ status: 'succeeded', outcome: 'offboarded' });
  expect(run?.summary).toContain('2 Atlassian API token(s) revoked by API');
  expect(atlassian.apiTokens(email)).toEqual([]);
  expect(atlassian.user(email)).toMatchObject({ signInActive: false, accountActive: true });
  expect(h.stack.trello.state.member(member.id)?.deactivated).toBe(true);
  const audit = await h.records.audit.runAudit(runId);
  expect(
    audit.filter((a) => a.entry.action === 'revoke-atlassian-token' && a.entry.result === 'succeeded'),
  ).toHaveLength(2);
});

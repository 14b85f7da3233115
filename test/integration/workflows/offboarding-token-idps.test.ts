/**
 * Offboarding on a local stack whose IdP is Entra or Google: the stack holds only long-lived
 * credentials (client credentials; a service account key), so the adapter must obtain its access
 * token from the simulator's token endpoint before it can cut the leaver's sign-in — once for the
 * whole run, not per call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import type { IdpKind } from '../../../functions/ports/identity-provider.ts';
import type { SimTokens } from '../../../infra/local/simulators/idp/idp-sim-kit.ts';
import {
  hrEvent,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitForExecution,
} from '../../support/local-stack-harness.ts';

describe.each<IdpKind>(['entra', 'google'])('offboarding with %s obtaining its own token', (kind) => {
  let h: StackHarness;
  beforeAll(async () => {
    h = await startStackHarness({ inMemory: true, idp: kind });
    await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  }, 120_000);
  afterAll(() => h?.close());

  it('cuts the leaver in the IdP with one token request', async () => {
    const idp = h.stack.idp as NonNullable<typeof h.stack.idp> & { tokens: SimTokens };
    expect(h.stack.env.LANYARD_IDP_CREDENTIALS).not.toContain('accessToken');
    const email = `${kind}.leaver@example.com`;
    await h.control('POST', '/members', { email, fullName: 'Token Leaver', licensed: true });
    idp.addUser({ email });
    const before = idp.tokens.stats.issued;

    const detail = hrEvent('employee.terminated', { email, id: `E-TOK-${kind}` });
    const done = await waitForExecution(h, await startOffboarding(h, detail));
    expect(done.status).toBe('SUCCEEDED');
    expect(await h.records.runs.getRun(offboardingRunId(detail.id))).toMatchObject({ outcome: 'offboarded' });
    expect(idp.user(email)).toMatchObject({ signInActive: false });
    expect(idp.tokens.stats.issued - before).toBe(1);
  });
});

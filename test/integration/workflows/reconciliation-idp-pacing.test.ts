/**
 * IdP pacing on the local stack (synthesized ASL, real handlers, the Okta simulator enforcing its
 * rate over windows shrunk ten times): a reconciliation whose IdP reads are several windows' worth
 * finishes with no IdP 429, and an offboarding started while the reads are under way cuts its
 * leaver's sign-in ahead of the reads still to go (cuts go first; they never queue behind bulk
 * work). RELIABILITY.md "IdP reads are paced, cuts first".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { reconciliationRunId } from '../../../functions/core/reconciliation/reconciliation-ids.ts';
import {
  hrEvent,
  onboardedPerson,
  type StackHarness,
  startOffboarding,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';
import { freshEmail, reconcile } from '../../support/reconciliation-kit.ts';

/** The org's IdP rate: 30 requests a minute, and a minute is 6 s here. */
const PER_WINDOW = 30;
/** Deactivated Trello members nobody's record covers: the reconciliation asks the IdP about each. */
const STRANGERS = 120;

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true, idpTimeScale: 0.1, idpRequestsPerMinute: PER_WINDOW });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

describe('IdP pacing', () => {
  it('reads past several IdP windows with no 429, and an offboarding cut started meanwhile goes first', async () => {
    // Prepare: a person who will leave, and strangers deactivated in Trello who still sign in
    const leaver = await onboardedPerson(h, freshEmail('paced.leaver'));
    for (let i = 0; i < STRANGERS; i++) {
      const email = freshEmail(`stranger${i}`);
      await h.control('POST', '/members', { email, fullName: `Stranger ${i}`, deactivated: true });
      h.stack.idp?.addUser({ email });
    }
    const idp = () => h.stack.idp?.stats() ?? { requests: 0, rateLimited: 0 };
    const before = idp();

    // Act: the reconciliation starts; once its reads have spent a window, the leaver leaves
    const { id } = await reconcile(h, { mode: 'report' }, () => true);
    await waitFor(
      'the reconciliation to spend a window of IdP reads',
      async () => idp().requests - before.requests >= PER_WINDOW,
      60_000,
    );
    const termination = hrEvent('employee.terminated', leaver.employee);
    await startOffboarding(h, termination);
    await waitFor(
      "the leaver's sign-in to be cut",
      async () => h.stack.idp?.user(leaver.employee.email)?.signInActive === false,
      60_000,
    );
    const requestsWhenCut = idp().requests - before.requests;
    const reconciliation = await waitFor(
      'the reconciliation to end',
      async () => {
        const run = await h.records.runs.getRun(reconciliationRunId(id));
        return run && run.status !== 'running' ? run : null;
      },
      180_000,
    );
    const offboarding = await waitFor(
      'the offboarding to end',
      async () => {
        const run = await h.records.runs.getRun(offboardingRunId(termination.id));
        return run && run.status !== 'running' ? run : null;
      },
      60_000,
    );

    // Assess
    const requests = idp().requests - before.requests;
    expect(requests).toBeGreaterThan(3 * PER_WINDOW);
    expect(idp().rateLimited - before.rateLimited).toBe(0);
    expect(reconciliation).toMatchObject({ status: 'succeeded', outcome: 'reported' });
    expect(offboarding.cuts?.idp?.state).toBe('done');
    // The cut did not wait for the reads: a window's worth of them was still to go when it landed.
    expect(requests - requestsWhenCut).toBeGreaterThan(PER_WINDOW);
  }, 300_000);
});

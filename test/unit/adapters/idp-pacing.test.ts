/**
 * IdP pacing (functions/adapters/idp/idp-pacing.ts) through the one IdP HTTP call, idpCall, with the
 * in-memory pacer and a recording fetch: bulk reads stay under the provider's window, a cut goes
 * ahead of the reads queued and never waits past its step's budget, and the provider's rate-limit
 * headers and answers hold the whole bucket.
 */
import { describe, expect, it } from 'vitest';
import { idpCall } from '../../../functions/adapters/idp/idp-http.ts';
import { IdpPacing } from '../../../functions/adapters/idp/idp-pacing.ts';
import { IDP_RATE_LIMITS, idpRateLimitOf } from '../../../functions/adapters/idp/idp-rate-limits.ts';
import { InMemoryPacer } from '../../../functions/adapters/pacing/in-memory-pacer.ts';
import { currentBudget, withBudget } from '../../../functions/composition/invocation-budget.ts';
import { IdpBusyError, IdpRateLimitedError } from '../../../functions/core/errors.ts';

interface Sent {
  what: string;
  at: number;
}

/** A provider that answers every call at once with `answer(n)` (n: the call's index) and records when each arrived. */
function provider(
  answer: (n: number) => { status: number; headers?: Record<string, string>; body?: unknown } = () => ({
    status: 200,
  }),
) {
  const sent: Sent[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    const n = sent.length;
    sent.push({
      what: String((init?.headers as Record<string, string> | undefined)?.['X-What']),
      at: Date.now(),
    });
    const { status, headers = {}, body = {} } = answer(n);
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers });
  }) as typeof globalThis.fetch;
  return { sent, fetch };
}

function paced(limit: { max: number; windowMs: number }, pacer = new InMemoryPacer()) {
  return new IdpPacing({
    pacer,
    kind: 'okta',
    baseUrl: 'https://acme.okta.com',
    limit,
    budget: currentBudget,
  });
}

function call(
  pacing: IdpPacing,
  fetch: typeof globalThis.fetch,
  what: string,
  isRateLimit?: (s: number, b: unknown) => boolean,
) {
  return idpCall({
    method: 'GET',
    url: 'https://acme.okta.com/api/v1/users/u1',
    headers: { Authorization: 'SSWS token-value', 'X-What': what },
    schema: null,
    what,
    fetch,
    pacing,
    isRateLimit,
  });
}

const cut = <T>(run: () => Promise<T>, ms = 10_000) =>
  withBudget({ deadline: Date.now() + ms, urgent: true }, run);

describe('IdP pacing', () => {
  it('keeps bulk reads under the window: no more than max in any window, the rest in the next', async () => {
    // Prepare
    const window = { max: 5, windowMs: 250 };
    const { sent, fetch } = provider();
    const pacing = paced(window);

    // Act
    await Promise.all(Array.from({ length: 12 }, (_, i) => call(pacing, fetch, `read ${i}`)));

    // Assess
    expect(sent).toHaveLength(12);
    for (let i = window.max; i < sent.length; i++) {
      expect(sent[i]!.at - sent[i - window.max]!.at).toBeGreaterThanOrEqual(window.windowMs);
    }
  });

  it('sends a cut ahead of every bulk read still waiting for the window', async () => {
    // Prepare: the window's slots taken by reads, more reads queued behind them
    const { sent, fetch } = provider();
    const pacing = paced({ max: 4, windowMs: 300 });
    const reads = Array.from({ length: 12 }, (_, i) => call(pacing, fetch, `read ${i}`));

    // Act
    const cutCall = cut(() => call(pacing, fetch, 'cut'));
    await Promise.all([...reads, cutCall]);

    // Assess: the first call after the full window is the cut's
    expect(sent.map((s) => s.what).indexOf('cut')).toBe(4);
  });

  it('fails a cut that cannot have a slot within its step budget at once, sending nothing', async () => {
    // Prepare: the only slot of a minute is taken
    const { sent, fetch } = provider();
    const pacing = paced({ max: 1, windowMs: 60_000 });
    await call(pacing, fetch, 'read');

    // Act
    const refused = cut(() => call(pacing, fetch, 'cut'), 5_000);

    // Assess
    await expect(refused).rejects.toThrow(IdpBusyError);
    await expect(refused).rejects.toThrow(
      /rate limit is booked for longer than this step may wait.*nothing was sent/,
    );
    expect(sent.map((s) => s.what)).toEqual(['read']);
  });

  it("gives refused cuts turns a cut's calls apart, so a queue comes back once each at the rate it is served", async () => {
    // Prepare: 6 a minute, paced as one call per 10 s slice; the slice's call taken
    const { sent, fetch } = provider();
    const pacing = paced({ max: 6, windowMs: 60_000 });
    await call(pacing, fetch, 'read');
    const before = Date.now();

    // Act: two cuts refused, a bulk read refused within a budget that is not a cut's, a third cut
    const refusedCut = async (i: number) => {
      const refused = await cut(() => call(pacing, fetch, `cut ${i}`), 5_000).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(IdpBusyError);
      return (refused as IdpBusyError).retryAfterSeconds!;
    };
    const turns = [await refusedCut(0), await refusedCut(1)];
    const read = await withBudget({ deadline: Date.now() + 5_000, urgent: false }, () =>
      call(pacing, fetch, 'read'),
    ).catch((e: unknown) => e);
    turns.push(await refusedCut(2));

    // Assess: turns from the slice's end (10 s), an Okta cut's 4 calls (4 slices) apart; the read
    // took none (whole seconds, each rounded up from its own now: a second either way)
    const span = (4 * pacing.limit.windowMs) / pacing.limit.max / 1000;
    const elapsed = (Date.now() - before) / 1000;
    expect(turns[0]).toBeGreaterThanOrEqual(Math.floor(10 - elapsed));
    expect(turns[0]).toBeLessThanOrEqual(11);
    for (const gap of [turns[1]! - turns[0]!, turns[2]! - turns[1]!]) {
      expect(gap).toBeGreaterThanOrEqual(Math.floor(span) - 1);
      expect(gap).toBeLessThanOrEqual(Math.ceil(span) + 1);
    }
    expect(read).toBeInstanceOf(IdpBusyError);
    expect(sent).toHaveLength(1);
  });

  it('holds every caller until the window resets when the provider says none remain', async () => {
    // Prepare: Okta answers the first call with Remaining 0 and a reset a moment ahead
    const resetAt = Math.ceil((Date.now() + 1_000) / 1000) * 1000;
    const spent: Record<string, string> = {
      'X-Rate-Limit-Limit': '600',
      'X-Rate-Limit-Remaining': '0',
      'X-Rate-Limit-Reset': String(resetAt / 1000),
    };
    const { sent, fetch } = provider((n) => ({ status: 200, headers: n === 0 ? spent : {} }));
    const pacing = paced(IDP_RATE_LIMITS.okta);

    // Act
    await call(pacing, fetch, 'first');
    await call(pacing, fetch, 'second');

    // Assess
    expect(sent[1]!.at).toBeGreaterThanOrEqual(resetAt);
  });

  it('lowers its window to the limit the provider advertises (Atlassian X-RateLimit-Limit)', async () => {
    // Prepare
    const { fetch } = provider(() => ({
      status: 200,
      headers: { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '99' },
    }));
    const pacing = paced(IDP_RATE_LIMITS.atlassian);

    // Act
    await call(pacing, fetch, 'read');

    // Assess
    // in sixths of the provider's minute
    expect(pacing.limit.max).toBe(100 / 6 - (100 % 6) / 6);
    expect(Math.round(pacing.limit.windowMs / 1000)).toBe(10);
  });

  it.each([
    ['a 429 with Retry-After', { status: 429, headers: { 'Retry-After': '1' } }, undefined],
    [
      "Google's 403 userRateLimitExceeded",
      { status: 403, body: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } },
      (status: number, body: unknown) =>
        status === 403 && JSON.stringify(body).includes('userRateLimitExceeded'),
    ],
  ])(
    'pauses the whole bucket after %s instead of letting the callers waiting try',
    async (_, answer, isRateLimit) => {
      // Prepare: the first call is refused; the hint (1 s), or a tenth of a pacer slice without one (2 s), holds the rest
      const { sent, fetch } = provider((n) => (n === 0 ? answer : { status: 200 }));
      const pacing = paced({ max: 100, windowMs: 120_000 });

      // Act
      const first = call(pacing, fetch, 'limited', isRateLimit);
      await expect(first).rejects.toThrow(IdpRateLimitedError);
      const refusedAt = Date.now();
      await Promise.all([call(pacing, fetch, 'next 1'), call(pacing, fetch, 'next 2')]);

      // Assess: nothing went out during the pause
      expect(sent).toHaveLength(3);
      for (const later of sent.slice(1)) expect(later.at).toBeGreaterThanOrEqual(refusedAt + 990);
    },
  );

  it("caps the pause at a tenth of a pacer slice (a sixth of the window), whatever the provider's reset says, so cuts are not held for a minute", async () => {
    // Prepare: Okta's 429 names the end of a minute that is far away
    const resetAt = Math.ceil((Date.now() + 60_000) / 1000);
    const { sent, fetch } = provider((n) =>
      n === 0
        ? { status: 429, headers: { 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(resetAt) } }
        : { status: 200 },
    );
    const pacing = paced({ max: 100, windowMs: 18_000 });

    // Act
    await expect(call(pacing, fetch, 'limited')).rejects.toThrow(IdpRateLimitedError);
    const refusedAt = Date.now();
    await cut(() => call(pacing, fetch, 'cut'));

    // Assess: held for a tenth of the 3 s slice (300 ms), not until the reset
    expect(sent[1]!.at).toBeGreaterThanOrEqual(refusedAt + 290);
    expect(sent[1]!.at).toBeLessThan(resetAt * 1000 - 30_000);
  });

  it('paces to the configured requests per minute over the provider default, scaled with the simulator', () => {
    expect(idpRateLimitOf('okta', null)).toEqual({ max: 600, windowMs: 60_000 });
    expect(idpRateLimitOf('okta', 100)).toEqual({ max: 100, windowMs: 60_000 });
    expect(idpRateLimitOf('entra', null, 0.1)).toEqual({ max: 3_000, windowMs: 15_000 });
  });
});

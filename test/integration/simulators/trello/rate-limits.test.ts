import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../infra/local/simulators/trello/rate-limits.ts';
import { type Harness, type HttpResult, startHarness, type Wire } from './sim-harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Trello simulator: rate limits over HTTP', () => {
  let h: Harness;
  let adminIds: string[];
  let boardId: string;

  beforeAll(async () => {
    h = await startHarness({ rateLimits: true });
    adminIds = h.sim.state.enterpriseAdminIds();
    const board = h.sim.state.boards().find((b) => h.sim.state.isEnterpriseBoard(b));
    if (!board) throw new Error('tiny has Enterprise boards');
    boardId = board.id;
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control('POST', '/rate-limits', { enabled: true, timeScale: 1, reset: true });
  });

  const burst = (count: number, token?: string, path = `/1/boards/${boardId}`) =>
    Promise.all(Array.from({ length: count }, () => h.api('GET', path, {}, token ? { token } : {})));
  const statuses = (results: HttpResult<Wire>[]) => {
    const counts: Record<number, number> = {};
    for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };

  it('answers the 101st request of a token in a window with 429 API_TOKEN_LIMIT_EXCEEDED', async () => {
    await h.control('POST', '/rate-limits', { timeScale: 0.5 });
    const results = await burst(100);
    expect(statuses(results)).toEqual({ 200: 100 });
    const first = results[0];
    expect(first?.headers.get('x-rate-limit-api-token-max')).toBe('100');
    expect(first?.headers.get('x-rate-limit-api-token-interval-ms')).toBe('5000');
    expect(first?.headers.get('x-rate-limit-api-key-max')).toBe('300');
    const remaining = results
      .map((r) => Number(r.headers.get('x-rate-limit-api-token-remaining')))
      .sort((a, b) => a - b);
    expect(remaining[0]).toBe(0);
    expect(remaining[99]).toBe(99);
    const over = await h.api('GET', `/1/boards/${boardId}`);
    expect(over.status).toBe(429);
    expect(over.body).toEqual({ error: 'API_TOKEN_LIMIT_EXCEEDED', message: 'Rate limit exceeded' });
    expect(over.headers.get('x-rate-limit-api-token-remaining')).toBe('0');
  });

  it('limits the key to 300 requests per window across its tokens with API_KEY_LIMIT_EXCEEDED', async () => {
    await h.control('POST', '/rate-limits', { timeScale: 0.5 });
    const tokens = [h.adminToken];
    for (const idMember of adminIds.slice(0, 1)) {
      for (let i = 0; i < 3; i++)
        tokens.push((await h.control('POST', '/tokens', { idMember, kind: 'api' })).body.value);
    }
    const results = (await Promise.all(tokens.map((t) => burst(80, t)))).flat();
    expect(statuses(results)).toEqual({ 200: 300, 429: 20 });
    for (const r of results.filter((x) => x.status === 429))
      expect(r.body.error).toBe('API_KEY_LIMIT_EXCEEDED');
  });

  it('limits GET /1/members/{id} to 100 per 900 s per token, not its nested routes', async () => {
    await h.control('POST', '/rate-limits', { timeScale: 0.002 });
    const id = adminIds[0];
    for (let i = 0; i < 100; i++) expect((await h.api('GET', `/1/members/${id}`)).status).toBe(200);
    const over = await h.api('GET', `/1/members/${id}`);
    expect(over.status).toBe(429);
    expect(over.body).toEqual({ error: 'MEMBER_LIMIT_EXCEEDED', message: 'Rate limit exceeded' });
    expect((await h.api('GET', `/1/members/${id}/boards`)).status).toBe(200);
    await sleep(1_900);
    expect((await h.api('GET', `/1/members/${id}`)).status).toBe(200);
  });

  it('locks the key out for the rest of the window after more than 200 429s', async () => {
    await h.control('POST', '/rate-limits', { timeScale: 0.1 });
    const results = await burst(301);
    expect(statuses(results)).toEqual({ 200: 100, 429: 201 });
    const fresh = (await h.control('POST', '/tokens', { idMember: adminIds[0], kind: 'api' })).body.value;
    const locked = await h.api('GET', `/1/boards/${boardId}`, {}, { token: fresh });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('API_KEY_LIMIT_EXCEEDED');
    const stats = (await h.control('GET', '/calls')).body.rateLimits;
    expect(stats.lockouts).toBe(1);
    expect(stats.keysLockedNow).toBe(1);
    await sleep(1_050);
    expect((await h.api('GET', `/1/boards/${boardId}`, {}, { token: fresh })).status).toBe(200);
  });

  it('lets everything through when rate limits are disabled, without headers', async () => {
    await h.control('POST', '/rate-limits', { enabled: false });
    const results = await burst(150);
    expect(statuses(results)).toEqual({ 200: 150 });
    expect(results[0]?.headers.get('x-rate-limit-api-token-max')).toBeNull();
  });
});

describe('Trello simulator: rate-limit windows on a manual clock', () => {
  const limiterAt = (timeScale: number) => {
    let now = 0;
    const limiter = new RateLimiter({ timeScale, enabled: true }, () => now);
    return { limiter, at: (t: number) => (now = t) };
  };

  it('slides the token window: capacity returns as old requests age out', () => {
    const { limiter, at } = limiterAt(1);
    at(0);
    for (let i = 0; i < 50; i++) expect(limiter.check('k', 't', false).error).toBeNull();
    at(5_000);
    for (let i = 0; i < 50; i++) expect(limiter.check('k', 't', false).error).toBeNull();
    expect(limiter.check('k', 't', false).error).toBe('API_TOKEN_LIMIT_EXCEEDED');
    at(10_001);
    for (let i = 0; i < 50; i++) expect(limiter.check('k', 't', false).error).toBeNull();
    expect(limiter.check('k', 't', false).error).toBe('API_TOKEN_LIMIT_EXCEEDED');
    at(15_001);
    expect(limiter.check('k', 't', false).error).toBeNull();
  });

  it('keeps every ratio under timeScale: 10 s becomes 100 ms and 900 s becomes 9 s', () => {
    const { limiter, at } = limiterAt(0.01);
    expect(limiter.stats().intervalsMs).toEqual({ key: 100, token: 100, memberRoute: 9_000 });
    at(0);
    for (let i = 0; i < 100; i++) expect(limiter.check('k', 't', true).error).toBeNull();
    expect(limiter.check('k', 't', false).error).toBe('API_TOKEN_LIMIT_EXCEEDED');
    at(101);
    expect(limiter.check('k', 't', true).error).toBe('MEMBER_LIMIT_EXCEEDED');
    expect(limiter.check('k', 't', false).error).toBeNull();
    at(9_001);
    expect(limiter.check('k', 't', true).error).toBeNull();
  });

  it('locks a key after its 201st 429 in a window; 429s during the lockout do not extend it', () => {
    const { limiter, at } = limiterAt(1);
    at(0);
    for (let i = 0; i < 100; i++) limiter.check('k', 't', false);
    for (let i = 0; i < 200; i++)
      expect(limiter.check('k', 't', false).error).toBe('API_TOKEN_LIMIT_EXCEEDED');
    expect(limiter.stats().lockouts).toBe(0);
    at(1_000);
    expect(limiter.check('k', 't', false).error).toBe('API_TOKEN_LIMIT_EXCEEDED');
    expect(limiter.stats().lockouts).toBe(1);
    at(5_000);
    for (let i = 0; i < 300; i++)
      expect(limiter.check('k', 'other', false).error).toBe('API_KEY_LIMIT_EXCEEDED');
    at(11_001);
    expect(limiter.check('k', 'other', false).error).toBeNull();
    expect(limiter.stats().lockouts).toBe(1);
  });
});

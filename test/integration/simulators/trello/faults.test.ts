import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './sim-harness.ts';

describe('Trello simulator: injected faults', () => {
  let h: Harness;
  const enterprisePath = () => `/1/enterprises/${h.enterpriseId}`;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control('DELETE', '/faults');
  });

  const run = async (count: number) => {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((await h.api('GET', enterprisePath())).status);
    return out;
  };
  const mixed = {
    serverErrorRate: 0.25,
    rateLimitRate: 0.1,
    rateLimitBurst: 2,
    latency: { minMs: 0, maxMs: 3 },
  };

  it('reproduces the same fault sequence from the same seed', async () => {
    await h.control('POST', '/faults', { seed: 42, ...mixed });
    const first = await run(40);
    await h.control('POST', '/faults', { seed: 42, ...mixed });
    const second = await run(40);
    expect(second).toEqual(first);
    for (const status of first) expect([200, 429, 500, 502, 503]).toContain(status);
    expect(first.some((s) => s >= 500)).toBe(true);
    expect(first).toContain(429);
    await h.control('POST', '/faults', { seed: 7, ...mixed });
    expect(await run(40)).not.toEqual(first);
  });

  it('answers injected 5xx and 429s with JSON bodies', async () => {
    await h.control('POST', '/faults', { serverErrorRate: 1, serverErrorStatuses: [503] });
    const unavailable = await h.api('GET', enterprisePath());
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' });
    await h.control('POST', '/faults', { rateLimitRate: 1, rateLimitError: 'API_KEY_LIMIT_EXCEEDED' });
    const limited = await h.api('GET', enterprisePath());
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: 'API_KEY_LIMIT_EXCEEDED', message: 'Rate limit exceeded' });
  });

  it('holds a request for timeoutMs and then drops the connection', async () => {
    await h.control('POST', '/calls/reset');
    await h.control('POST', '/faults', { timeoutRate: 1, timeoutMs: 60 });
    const started = performance.now();
    await expect(h.api('GET', enterprisePath())).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    const calls = (await h.control('GET', '/calls')).body;
    expect(calls.byRoute['GET /1/enterprises/{id}'].statuses).toEqual({ timeout: 1 });
  });

  it('adds latency within the configured range', async () => {
    await h.control('POST', '/faults', { latency: { minMs: 40, maxMs: 60 } });
    const started = performance.now();
    expect((await h.api('GET', enterprisePath())).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
  });

  it('restricts faults to a method and path pattern, and never touches /_sim', async () => {
    await h.control('POST', '/faults', {
      serverErrorRate: 1,
      match: { method: 'PUT', path: '/1/enterprises/*/members/*/licensed' },
    });
    expect((await h.api('GET', enterprisePath())).status).toBe(200);
    const member = h.sim.state.snapshot().members.find((m) => m.licensed && !m.enterpriseAdmin);
    const put = await h.api('PUT', `${enterprisePath()}/members/${member?.id}/licensed`, { value: true });
    expect(put.status).toBeGreaterThanOrEqual(500);
    expect((await h.control('GET', '/info')).status).toBe(200);
    const stats = (await h.control('GET', '/faults')).body;
    expect(stats).toMatchObject({ active: true, matched: 1, injected: { serverError: 1 } });
  });

  it('rejects invalid fault settings with a 400 naming the problem', async () => {
    const res = await h.control('POST', '/faults', { serverErrorRate: 2, latency: { minMs: 10, maxMs: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    expect(res.body.message).toMatch(/serverErrorRate/);
    expect(res.body.message).toMatch(/minMs must not exceed/);
  });
});

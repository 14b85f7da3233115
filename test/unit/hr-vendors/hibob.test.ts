/**
 * The HiBob adapter: the Bob-Signature check (Base64 HMAC-SHA512 of the body, rotation, replays
 * older than Bob's retry period), webhooks v2 deliveries (ids only) mapped onto canonical events
 * with the person read from the Bob API stand-in over HTTP (hire, termination, department
 * change), the client's answers to Bob's failures, and the receive path's answers.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HiBobAdapter, HiBobApiError, HiBobPeopleClient } from '../../../functions/api/hr-vendors/hibob.ts';
import { receiveVendorWebhook } from '../../../functions/api/hr-vendors/vendor-webhook.ts';
import { parseApiConfig } from '../../../functions/composition/api-config.ts';
import { WebhookSignatureError } from '../../../functions/core/errors.ts';
import { type HiBobApiStandIn, startHiBobApi } from '../../support/hibob-api.ts';
import { fakeAcceptDeps } from './fake-accept-deps.ts';

const NOW = new Date('2026-11-20T09:00:00Z');
const SECRET = 'bob-webhook-secret-0123456789abcdef';
const OLD_SECRET = 'bob-webhook-secret-previous-000000';

let bob: HiBobApiStandIn;
let adapter: HiBobAdapter;
beforeAll(async () => {
  bob = await startHiBobApi();
  adapter = new HiBobAdapter({
    secrets: [SECRET, OLD_SECRET],
    people: new HiBobPeopleClient(bob.credentials),
    clock: { now: () => NOW },
  });
});
afterAll(() => bob?.close());
beforeEach(() => {
  bob.failWith(null);
  bob.putPerson({
    id: '3332883804594373380',
    email: 'Ana.Lima@example.com',
    displayName: 'Ana Lima',
    firstName: 'Ana',
    surname: 'Lima',
    // `work.department` is a list item id; its name comes back under `humanReadable`.
    work: { department: '252424', startDate: '2026-11-20', reportsTo: { email: 'bo@example.com' } },
    internal: { status: 'Active', terminationDate: null },
    humanReadable: { work: { department: 'Design' } },
  });
  bob.putPerson({
    id: '3332883804594373381',
    email: 'cy@example.com',
    firstName: 'Cy',
    surname: 'Vance',
    work: { department: 'Sales', reportsTo: null },
    internal: { status: 'Inactive', terminationDate: '2026-11-20' },
  });
});

/** Signs as Bob does: Base64 of HMAC-SHA512 of the raw body. */
const sign = (body: string, secret = SECRET) => ({
  'bob-signature': createHmac('sha512', secret).update(body).digest('base64'),
});

function delivery(type: string, employeeId: string, more: Record<string, unknown> = {}) {
  return JSON.stringify({
    companyId: 636192,
    type,
    triggeredBy: 'system',
    triggeredAt: '2026-11-20T00:00:01.915906',
    version: 'v2',
    data: { employeeId, ...more },
  });
}

describe('Bob-Signature', () => {
  const body = delivery('employee.joined', '3332883804594373380');

  it('accepts a body signed with a configured secret, current or previous', () => {
    expect(() => adapter.verify(body, sign(body))).not.toThrow();
    expect(() => adapter.verify(body, sign(body, OLD_SECRET))).not.toThrow();
  });

  it.each([
    ['a tampered body', () => ({ b: body.replace('joined', 'left'), h: sign(body) })],
    ['an unknown secret', () => ({ b: body, h: sign(body, 'not-the-secret') })],
    [
      'a hex signature',
      () => ({ b: body, h: { 'bob-signature': createHmac('sha512', SECRET).update(body).digest('hex') } }),
    ],
    [
      'an HMAC-SHA256',
      () => ({ b: body, h: { 'bob-signature': createHmac('sha256', SECRET).update(body).digest('base64') } }),
    ],
  ])('refuses %s', (_name, make) => {
    const { b, h } = make();
    expect(() => adapter.verify(b, h)).toThrow(WebhookSignatureError);
    expect(() => adapter.verify(b, h)).toThrow(/Base64 HMAC-SHA512/);
  });

  it('names the missing header', () => {
    expect(() => adapter.verify(body, {})).toThrow(/Missing header\(s\): Bob-Signature/);
  });

  it('refuses a signed delivery older than any Bob retry (a replay), and takes a 3-day-old retry', () => {
    const stale = JSON.stringify({ ...JSON.parse(body), triggeredAt: '2026-11-15T08:00:00.000000' });
    expect(() => adapter.verify(stale, sign(stale))).toThrow(/5 days ago.*replay/);
    const retry = JSON.stringify({ ...JSON.parse(body), triggeredAt: '2026-11-17T10:00:00.000000' });
    expect(() => adapter.verify(retry, sign(retry))).not.toThrow();
  });
});

describe('mapping webhooks v2 deliveries', () => {
  it('maps employee.joined to a hire, with the person read from the Bob API', async () => {
    const mapping = await adapter.map(delivery('employee.joined', '3332883804594373380'));
    expect(mapping).toEqual({
      ok: true,
      ignored: [],
      events: [
        {
          id: expect.stringMatching(/^hibob-[0-9a-f]{32}$/),
          type: 'employee.hired',
          occurredAt: '2026-11-20T00:00:01.915Z',
          effectiveAt: '2026-11-20T00:00:01.915Z',
          employee: {
            id: '3332883804594373380',
            email: 'Ana.Lima@example.com',
            fullName: 'Ana Lima',
            department: 'Design',
            managerEmail: 'bo@example.com',
          },
        },
      ],
    });
    expect(bob.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/v1/people/3332883804594373380',
      body: {
        fields: expect.arrayContaining([
          'root.email',
          'root.displayName',
          'work.department',
          'work.reportsTo',
        ]),
        humanReadable: 'APPEND',
      },
    });
  });

  it('maps employee.left to a termination effective at the end of the termination date', async () => {
    const mapping = await adapter.map(delivery('employee.left', '3332883804594373381'));
    expect(mapping.ok && mapping.events[0]).toMatchObject({
      type: 'employee.terminated',
      effectiveAt: '2026-11-20T23:59:59.000Z',
      employee: { email: 'cy@example.com', fullName: 'Cy Vance', department: 'Sales', managerEmail: null },
    });
  });

  it('maps a department change to employee.updated and ignores changes Lanyard does not keep', async () => {
    const department = await adapter.map(
      delivery('employee.updated', '3332883804594373380', {
        fieldUpdates: [{ fieldId: '/work/department' }],
      }),
    );
    expect(department.ok && department.events[0]).toMatchObject({
      type: 'employee.updated',
      employee: { department: 'Design' },
    });
    const salary = await adapter.map(
      delivery('employee.updated', '3332883804594373380', { fieldUpdates: ['/payroll/salary/base'] }),
    );
    expect(salary).toMatchObject({ ok: true, events: [], ignored: [{ reason: /no change/ }] });
    const created = await adapter.map(delivery('table.entry.created', '3332883804594373380'));
    expect(created).toMatchObject({ ok: true, events: [], ignored: [{ reason: /table\.entry\.created/ }] });
  });

  it('derives the event id from the delivery content', async () => {
    const body = delivery('employee.joined', '3332883804594373380');
    const a = await adapter.map(body);
    const b = await adapter.map(JSON.stringify(JSON.parse(body), null, 2));
    const later = await adapter.map(body.replace('00:00:01', '00:00:02'));
    if (!a.ok || !b.ok || !later.ok) throw new Error('expected all to map');
    expect(b.events[0]?.id).toBe(a.events[0]?.id);
    expect(later.events[0]?.id).not.toBe(a.events[0]?.id);
  });

  it('says what is wrong with a delivery it cannot read', async () => {
    expect(await adapter.map('{')).toMatchObject({ ok: false, message: /not JSON/ });
    expect(await adapter.map(JSON.stringify({ type: 'employee.joined' }))).toMatchObject({
      ok: false,
      issues: [{ path: 'triggeredAt' }],
    });
    expect(
      await adapter.map(
        JSON.stringify({ type: 'employee.joined', triggeredAt: '2026-11-20T00:00:00', data: {} }),
      ),
    ).toMatchObject({ ok: false, message: /names no employee/ });
  });
});

describe('the Bob API stand-in', () => {
  const basic = () =>
    `Basic ${Buffer.from(`${bob.credentials.serviceUserId}:${bob.credentials.token}`).toString('base64')}`;

  it('refuses the GET reads Bob shut off on 6 May 2025, naming the POST read', async () => {
    for (const path of ['/v1/people/3332883804594373380', '/v1/people']) {
      const response = await fetch(`${bob.url}${path}`, { headers: { authorization: basic() } });
      expect(response.status).toBe(405);
      expect(await response.json()).toMatchObject({ message: /shut off.*POST \/v1\/people\/\{identifier\}/ });
    }
  });

  it('answers POST reads with the requested fields nested and as slash keys, by id or email, and searches', async () => {
    const read = await fetch(`${bob.url}/v1/people/Ana.Lima@example.com`, {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['root.email', 'work.department'], humanReadable: 'APPEND' }),
    });
    expect(await read.json()).toEqual({
      email: 'Ana.Lima@example.com',
      work: { department: '252424' },
      '/root/email': { value: 'Ana.Lima@example.com' },
      '/work/department': { value: '252424' },
      humanReadable: { email: 'Ana.Lima@example.com', work: { department: 'Design' } },
    });
    const search = async (body: unknown) =>
      fetch(`${bob.url}/v1/people/search`, {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const active = (await (await search({ fields: ['root.id'] })).json()) as { employees: unknown[] };
    expect(active.employees).toEqual([
      { id: '3332883804594373380', '/root/id': { value: '3332883804594373380' } },
    ]);
    const filtered = await search({
      fields: ['root.id'],
      filters: [{ fieldPath: 'root.id', operator: 'equals', values: ['3332883804594373381'] }],
      showInactive: true,
    });
    expect(((await filtered.json()) as { employees: unknown[] }).employees).toHaveLength(1);
    expect((await search({ fields: ['email'] })).status).toBe(400);
    expect(
      (await search({ filters: [{ fieldPath: 'work.title', operator: 'equals', values: ['x'] }] })).status,
    ).toBe(400);
  });
});

describe('the Bob API client', () => {
  it('answers null for an unknown person and says why when Bob refuses or fails', async () => {
    const client = new HiBobPeopleClient(bob.credentials);
    expect(await client.getPerson('nobody')).toBeNull();
    const wrong = new HiBobPeopleClient({ ...bob.credentials, token: 'wrong' });
    await expect(wrong.getPerson('3332883804594373380')).rejects.toThrow(/refused the service user \(401\)/);
    bob.failWith(503);
    await expect(client.getPerson('3332883804594373380')).rejects.toThrow(HiBobApiError);
  });

  it('parses the response with zod and takes an injected fetch', async () => {
    const calls: Array<{ url: string; method?: string; authorization: string | null }> = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({
        url: String(url),
        method: init?.method,
        authorization: new Headers(init?.headers).get('authorization'),
      });
      return new Response(JSON.stringify({ email: 'no-id@example.com' }), { status: 200 });
    }) as typeof fetch;
    const client = new HiBobPeopleClient(
      { serviceUserId: 'SU', token: 'T', baseUrl: 'https://api.sandbox.hibob.com/' },
      { fetch: fakeFetch },
    );
    await expect(client.getPerson('42')).rejects.toThrow(/cannot read: id/);
    expect(calls).toEqual([
      {
        url: 'https://api.sandbox.hibob.com/v1/people/42',
        method: 'POST',
        authorization: `Basic ${Buffer.from('SU:T').toString('base64')}`,
      },
    ]);
  });
});

describe('receiving a HiBob delivery', () => {
  it('answers the connection test 200 without a signature, starting nothing', async () => {
    const fake = fakeAcceptDeps(NOW);
    for (const ping of ['Ping test', '{"text":"Ping test"}']) {
      expect(await receiveVendorWebhook(adapter, ping, {}, fake.deps)).toMatchObject({ status: 200 });
    }
    expect(fake.published).toHaveLength(0);
  });

  it('accepts a signed hire (202), answers its redelivery 200 duplicate, and a bad signature 401', async () => {
    const fake = fakeAcceptDeps(NOW);
    const body = delivery('employee.joined', '3332883804594373380');
    const answer = await receiveVendorWebhook(adapter, body, sign(body), fake.deps);
    expect(answer).toMatchObject({ status: 202, body: { status: 'accepted', eventId: expect.any(String) } });
    expect(fake.published[0]).toMatchObject({
      type: 'employee.hired',
      employee: { email: 'ana.lima@example.com' },
    });
    expect(await receiveVendorWebhook(adapter, body, sign(body), fake.deps)).toMatchObject({
      status: 200,
      body: { status: 'duplicate' },
    });
    expect(await receiveVendorWebhook(adapter, body, sign(body, 'wrong'), fake.deps)).toMatchObject({
      status: 401,
    });
    expect(fake.published).toHaveLength(1);
  });

  it('offboards a leaver Bob no longer has from what Lanyard knows', async () => {
    const fake = fakeAcceptDeps(NOW);
    fake.knowPerson({ employeeId: 'gone-1', email: 'gone@example.com', fullName: 'Gone Person' });
    const body = delivery('employee.left', 'gone-1');
    const answer = await receiveVendorWebhook(adapter, body, sign(body), fake.deps);
    expect(answer.status).toBe(202);
    expect(fake.published[0]).toMatchObject({
      type: 'employee.terminated',
      employee: { email: 'gone@example.com' },
    });
  });
});

describe('HiBob config', () => {
  it('configures HiBob only with both a webhook secret and the API service user', () => {
    const api = JSON.stringify({ serviceUserId: 'SU', token: 'T' });
    expect(
      parseApiConfig({ LANYARD_HIBOB_WEBHOOK_SECRET: 'a b', LANYARD_HIBOB_API: api }).hrVendors.hibob,
    ).toEqual({ webhook: { secrets: ['a', 'b'] }, api: { serviceUserId: 'SU', token: 'T' } });
    expect(() => parseApiConfig({ LANYARD_HIBOB_WEBHOOK_SECRET: 'a' })).toThrow(
      /HiBob webhook secret needs LANYARD_HIBOB_API or LANYARD_HIBOB_API_SECRET_ARN/,
    );
    expect(() =>
      parseApiConfig({ LANYARD_HIBOB_WEBHOOK_SECRET: 'a', LANYARD_HIBOB_API: '{"token":"T"}' }),
    ).toThrow(/serviceUserId/);
    expect(parseApiConfig({}).hrVendors).toEqual({ bamboohr: null, hibob: null });
    expect(
      parseApiConfig({ LANYARD_BAMBOOHR_WEBHOOK_SECRET_ARN: 'arn:aws:secretsmanager:x' }).hrVendors.bamboohr,
    ).toEqual({ webhook: { secretArn: 'arn:aws:secretsmanager:x' }, api: null });
    expect(
      parseApiConfig({
        LANYARD_BAMBOOHR_WEBHOOK_SECRET: 'k',
        LANYARD_BAMBOOHR_API_SECRET_ARN: 'arn:aws:secretsmanager:y',
      }).hrVendors.bamboohr,
    ).toEqual({ webhook: { secrets: ['k'] }, api: { secretArn: 'arn:aws:secretsmanager:y' } });
    expect(() =>
      parseApiConfig({ LANYARD_BAMBOOHR_WEBHOOK_SECRET: 'k', LANYARD_BAMBOOHR_API: '{"apiKey":"x"}' }),
    ).toThrow(/companyDomain/);
  });
});

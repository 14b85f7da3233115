/**
 * HR vendor webhooks over HTTP on the local stack: `POST /hr/events/{vendor}` reaches the real
 * ingest function (API Gateway v2 events from the local API server), which verifies the vendor's
 * signature, maps the delivery onto canonical events and accepts them on the production path
 * (dynalite, the local EventBridge and Step Functions runtime): a signed BambooHR delivery is
 * accepted and starts onboarding, its redelivery is a duplicate that starts nothing, an
 * Event-Based BambooHR delivery (ids only) is read from the BambooHR API stand-in, a bad
 * signature is 401, an unknown vendor 404; a HiBob hire is read from the Bob API stand-in.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestApp } from '../../../functions/api/ingest/ingest-app.ts';
import { HrVendorConfigKeys } from '../../../functions/composition/api-config.ts';
import { resetApiDependencies } from '../../../functions/composition/api-dependencies.ts';
import type { IngestDependencies } from '../../../functions/composition/ingest-dependencies.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import { type BambooHrApiStandIn, startBambooHrApi } from '../../support/bamboohr-api.ts';
import { type HiBobApiStandIn, startHiBobApi } from '../../support/hibob-api.ts';
import { type StackHarness, startStackHarness, waitFor } from '../../support/local-stack-harness.ts';
import { rawRequest } from '../../support/raw-http.ts';

const BAMBOO_KEY = `bamboo-${randomBytes(16).toString('hex')}`;
const BOB_SECRET = `bob-${randomBytes(16).toString('hex')}`;

let h: StackHarness;
let bob: HiBobApiStandIn;
let bamboo: BambooHrApiStandIn;
let apiUrl: string;
const envBefore: Record<string, string | undefined> = {};

beforeAll(async () => {
  bob = await startHiBobApi();
  bamboo = await startBambooHrApi();
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  const env = {
    [HrVendorConfigKeys.bamboohrWebhookSecret]: BAMBOO_KEY,
    [HrVendorConfigKeys.bamboohrApi]: JSON.stringify(bamboo.credentials),
    [HrVendorConfigKeys.hibobWebhookSecret]: BOB_SECRET,
    [HrVendorConfigKeys.hibobApi]: JSON.stringify(bob.credentials),
  };
  for (const [name, value] of Object.entries(env)) {
    envBefore[name] = process.env[name];
    process.env[name] = value;
  }
  resetApiDependencies();

  apiUrl = h.stack.api.url;
}, 120_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(envBefore)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetApiDependencies();
  await h?.close();
  await bob?.close();
  await bamboo?.close();
});

async function post(vendor: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${apiUrl}/hr/events/${vendor}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Signs as BambooHR does, with a fresh timestamp each time (as a retry would be). */
function bambooSigned(body: string, key = BAMBOO_KEY) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'x-bamboohr-timestamp': timestamp,
    'x-bamboohr-signature': createHmac('sha256', key)
      .update(body + timestamp)
      .digest('hex'),
  };
}

function bambooHire(id: string, email: string) {
  return {
    id,
    action: 'Created',
    timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000'),
    changedFields: [],
    fields: {
      'Work Email': email,
      'First Name': 'Vendor',
      'Last Name': `Hire ${id}`,
      'Hire Date': new Date().toISOString().slice(0, 10),
      Status: 'Active',
    },
  };
}

describe('POST /hr/events/bamboohr', () => {
  const suffix = randomBytes(4).toString('hex');
  const body = JSON.stringify({
    employees: [bambooHire(`B${suffix}1`, `bamboo.one.${suffix}@example.com`)],
  });

  it('accepts a signed delivery (202) and the onboarding workflow picks the hire up', async () => {
    const answer = await post('bamboohr', body, bambooSigned(body));
    expect(answer).toMatchObject({ status: 202, json: { status: 'accepted', accepted: 1 } });
    const eventId = String(answer.json.eventId);
    expect(eventId).toMatch(/^bamboohr-[0-9a-f]{32}$/);
    const run = await waitFor('the onboarding run', async () =>
      h.records.runs.getRun(onboardingRunId(eventId)),
    );
    expect(run).toMatchObject({ kind: 'onboarding', employeeId: `B${suffix}1` });
  });

  it('answers the redelivery 200 duplicate and starts nothing', async () => {
    const before = h.stack.runtime.executions.list(h.stack.onboardingArn).length;
    const again = await post('bamboohr', body, bambooSigned(body));
    expect(again).toMatchObject({ status: 200, json: { status: 'duplicate', duplicates: 1 } });
    expect(h.stack.runtime.executions.list(h.stack.onboardingArn).length).toBe(before);
  });

  it('accepts several employees in one delivery, one event each', async () => {
    const many = JSON.stringify({
      employees: [
        bambooHire(`B${suffix}2`, `bamboo.two.${suffix}@example.com`),
        bambooHire(`B${suffix}3`, `bamboo.three.${suffix}@example.com`),
      ],
    });
    const answer = await post('bamboohr', many, bambooSigned(many));
    expect(answer).toMatchObject({ status: 202, json: { accepted: 2 } });
    expect(new Set(answer.json.eventIds as string[]).size).toBe(2);
  });

  it('refuses a bad signature with 401, changing nothing', async () => {
    const tampered = JSON.stringify({
      employees: [bambooHire(`B${suffix}4`, `bamboo.four.${suffix}@example.com`)],
    });
    const answer = await post('bamboohr', tampered, bambooSigned(tampered, 'not-the-key'));
    expect(answer).toMatchObject({ status: 401, json: { error: 'invalid-signature' } });
    expect(String(answer.json.message)).toMatch(/signature/i);
    expect(await h.records.people.getProfile(`B${suffix}4`)).toBeNull();
    const unsigned = await post('bamboohr', tampered, {});
    expect(unsigned.status).toBe(401);
  });

  it('takes an Event-Based delivery (ids only): reads the employee from the BambooHR API and starts onboarding', async () => {
    const employeeId = `${Date.now() % 1_000_000}${randomBytes(1).readUInt8()}`;
    bamboo.putEmployee(employeeId, {
      workEmail: `bamboo.event.${suffix}@example.com`,
      firstName: 'Event',
      lastName: 'Based',
      hireDate: new Date().toISOString().slice(0, 10),
      status: 'Active',
    });
    const event = JSON.stringify({
      type: 'employee.created',
      timestamp: new Date().toISOString(),
      data: { companyId: 1, employeeId, changedFields: [] },
    });
    const answer = await post('bamboohr', event, bambooSigned(event));
    expect(answer).toMatchObject({ status: 202, json: { status: 'accepted', accepted: 1 } });
    expect(bamboo.requests.map((r) => r.path)).toContain(`/api/gateway.php/acme/v1/employees/${employeeId}`);
    const run = await waitFor('the onboarding run', async () =>
      h.records.runs.getRun(onboardingRunId(String(answer.json.eventId))),
    );
    expect(run).toMatchObject({ kind: 'onboarding', employeeId });
  });

  it('answers 400 naming what is wrong', async () => {
    const invalid = JSON.stringify({ employees: [{ action: 'Created' }] });
    const answer = await post('bamboohr', invalid, bambooSigned(invalid));
    expect(answer).toMatchObject({ status: 400, json: { error: 'invalid-body' } });
    expect(String(answer.json.message)).toMatch(/employees\.0\.id/);
  });
});

describe('POST /hr/events/hibob', () => {
  it('reads the person from the Bob API and accepts the hire (202)', async () => {
    const id = `${Date.now()}${randomBytes(2).readUInt16BE()}`;
    bob.putPerson({
      id,
      email: `bob.hire.${id}@example.com`,
      displayName: 'Bob Hire',
      work: { department: null, reportsTo: null },
    });
    const body = JSON.stringify({
      companyId: 636192,
      type: 'employee.joined',
      triggeredBy: 'system',
      triggeredAt: new Date().toISOString().replace('Z', ''),
      version: 'v2',
      data: { employeeId: id },
    });
    const signature = createHmac('sha512', BOB_SECRET).update(body).digest('base64');
    const answer = await post('hibob', body, { 'bob-signature': signature });
    expect(answer).toMatchObject({ status: 202, json: { status: 'accepted' } });
    expect(bob.requests).toContainEqual(
      expect.objectContaining({ method: 'POST', path: `/v1/people/${id}` }),
    );
    const run = await waitFor('the onboarding run', async () =>
      h.records.runs.getRun(onboardingRunId(String(answer.json.eventId))),
    );
    expect(run.employeeId).toBe(id);
  });
});

describe('malformed vendor deliveries', () => {
  const raw = (vendor: string, headers: Record<string, string | string[]>, body: string) =>
    rawRequest(
      apiUrl,
      'POST',
      `/hr/events/${vendor}`,
      { 'content-type': 'application/json', ...headers },
      body,
    );
  const bobSigned = (body: string) => ({
    'bob-signature': createHmac('sha512', BOB_SECRET).update(body).digest('base64'),
  });

  it.each([
    [
      'bamboohr',
      'not json',
      () => bambooSigned('not json'),
      /not JSON: set the BambooHR webhook format to JSON/,
    ],
    ['hibob', '{"type": "employee.joined",', () => bobSigned('{"type": "employee.joined",'), /not JSON/],
  ])('answers a signed %s body that is not JSON 400', async (vendor, body, sign, says) => {
    const answer = await raw(vendor, sign(), body);
    expect(answer).toMatchObject({ status: 400, json: { error: 'invalid-body' } });
    expect(String(answer.json.message)).toMatch(says);
  });

  it.each([
    ['bamboohr', 'x-bamboohr-timestamp'],
    ['bamboohr', 'x-bamboohr-signature'],
    ['hibob', 'bob-signature'],
  ])('answers %s with %s sent twice 400, naming the header', async (vendor, name) => {
    const body = JSON.stringify({
      employees: [bambooHire(`B-DUP-${randomBytes(3).toString('hex')}`, 'dup@example.com')],
    });
    const headers: Record<string, string | string[]> =
      vendor === 'bamboohr' ? bambooSigned(body) : bobSigned(body);
    headers[name] = [headers[name] as string, headers[name] as string];
    const answer = await raw(vendor, headers, body);
    expect(answer).toMatchObject({ status: 400, json: { error: 'invalid-header' } });
    expect(String(answer.json.message)).toMatch(
      new RegExp(`${name} was sent more than once: send each of .* once`),
    );
  });
});

describe('unknown and unconfigured vendors', () => {
  it('answers 404 to a vendor Lanyard has no adapter for, naming the ones it has', async () => {
    const answer = await post('workday', '{}', {});
    expect(answer).toMatchObject({ status: 404, json: { error: 'not-found' } });
    expect(String(answer.json.message)).toMatch(/"workday".*bamboohr or hibob/);
  });

  it('answers 404 "vendor not configured" when the vendor has no secret', async () => {
    const app = createIngestApp({
      dependencies: async () => ({ hrVendors: {} }) as unknown as IngestDependencies,
    });
    const response = await app.request('/hr/events/hibob', { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'vendor-not-configured',
      message: expect.stringMatching(/hibob vendor is not configured.*LANYARD_HIBOB_WEBHOOK_SECRET/),
    });
  });
});

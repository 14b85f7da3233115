/**
 * The BambooHR adapter: the X-BambooHR-Signature check (HMAC-SHA256 of body + timestamp, ±5 min,
 * rotation), the Field-Based payload mapped onto canonical events (hire, termination, department
 * change, several employees per delivery), the Event-Based payload (ids only, JSON and Form Post)
 * with the employee read from a BambooHR API stand-in over HTTP, stable event ids, and the answers
 * of the receive path.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BambooHrAdapter,
  BambooHrApiError,
  BambooHrEmployeesClient,
} from '../../../functions/api/hr-vendors/bamboohr.ts';
import { receiveVendorWebhook } from '../../../functions/api/hr-vendors/vendor-webhook.ts';
import { WebhookSignatureError } from '../../../functions/core/errors.ts';
import { type BambooHrApiStandIn, startBambooHrApi } from '../../support/bamboohr-api.ts';
import { fakeAcceptDeps } from './fake-accept-deps.ts';

const NOW = new Date('2026-11-20T09:00:00Z');
const KEY = 'bamboo-private-key-0123456789abcdef';
const OLD_KEY = 'bamboo-private-key-previous-000000';
const clock = { now: () => NOW };
const adapter = new BambooHrAdapter([KEY, OLD_KEY], clock);

/** Signs as BambooHR does: hex HMAC-SHA256 of the raw body followed by the timestamp header. */
function signed(body: string, options: { key?: string; at?: Date; timestamp?: string } = {}) {
  const timestamp = options.timestamp ?? String(Math.floor((options.at ?? NOW).getTime() / 1000));
  return {
    'x-bamboohr-timestamp': timestamp,
    'x-bamboohr-signature': createHmac('sha256', options.key ?? KEY)
      .update(body + timestamp)
      .digest('hex'),
  };
}

const hire = {
  id: '101',
  action: 'Created',
  timestamp: '2026-11-20T08:59:00+0000',
  changedFields: [],
  fields: {
    'Work Email': 'Ana.Lima@Example.com',
    'First Name': 'Ana',
    'Last Name': 'Lima',
    Department: 'Design',
    'Supervisor Email': 'bo@example.com',
    'Hire Date': '2026-12-01',
    Status: 'Active',
  },
};
const termination = {
  id: '102',
  action: 'Updated',
  timestamp: '2026-11-20T08:58:00+0000',
  changedFields: ['Status', 'Termination Date'],
  fields: {
    'Work Email': 'cy@example.com',
    'First Name': 'Cy',
    'Last Name': 'Vance',
    Status: 'Inactive',
    'Termination Date': '2026-11-30',
  },
};
const departmentChange = {
  id: '103',
  action: 'Updated',
  timestamp: '2026-11-20T08:57:00+0000',
  changedFields: ['department'],
  // API aliases and `{ value }` objects, as permissioned webhooks may post them.
  fields: {
    workEmail: { value: 'di@example.com' },
    firstName: { value: 'Di' },
    lastName: { value: 'Prince' },
    department: { value: 'Sales' },
  },
};
const body = (...employees: unknown[]) => JSON.stringify({ employees });

describe('X-BambooHR-Signature', () => {
  const delivery = body(hire);

  it('accepts a delivery signed with a configured key, with Unix or ISO timestamps, and a rotated key', () => {
    expect(() => adapter.verify(delivery, signed(delivery))).not.toThrow();
    expect(() =>
      adapter.verify(delivery, signed(delivery, { timestamp: '2026-11-20T08:58:30+0000' })),
    ).not.toThrow();
    expect(() => adapter.verify(delivery, signed(delivery, { key: OLD_KEY }))).not.toThrow();
    expect(() =>
      adapter.verify(delivery, signed(delivery, { at: new Date(NOW.getTime() - 299_000) })),
    ).not.toThrow();
  });

  it.each([
    ['a tampered body', () => ({ body: delivery.replace('Design', 'Finance'), headers: signed(delivery) })],
    ['an unknown key', () => ({ body: delivery, headers: signed(delivery, { key: 'someone-elses-key' }) })],
    [
      'a signature over the body alone',
      () => ({
        body: delivery,
        headers: {
          ...signed(delivery),
          'x-bamboohr-signature': createHmac('sha256', KEY).update(delivery).digest('hex'),
        },
      }),
    ],
    [
      'a non-hex signature',
      () => ({ body: delivery, headers: { ...signed(delivery), 'x-bamboohr-signature': 'zz' } }),
    ],
  ])('refuses %s', (_name, make) => {
    const { body: b, headers } = make();
    expect(() => adapter.verify(b, headers)).toThrow(WebhookSignatureError);
    expect(() => adapter.verify(b, headers)).toThrow(/No valid signature/);
  });

  it('refuses a stale or future timestamp, even when correctly signed', () => {
    const old = signed(delivery, { at: new Date(NOW.getTime() - 301_000) });
    expect(() => adapter.verify(delivery, old)).toThrow(/301 s old.*5 minutes/);
    const ahead = signed(delivery, { at: new Date(NOW.getTime() + 301_000) });
    expect(() => adapter.verify(delivery, ahead)).toThrow(/301 s ahead/);
    const garbage = signed(delivery, { timestamp: 'yesterday' });
    expect(() => adapter.verify(delivery, garbage)).toThrow(/neither Unix time nor an ISO 8601/);
  });

  it('names missing headers', () => {
    expect(() => adapter.verify(delivery, {})).toThrow(/X-BambooHR-Signature, X-BambooHR-Timestamp/);
  });
});

describe('mapping Field-Based deliveries', () => {
  it('maps a created employee to a hire effective on the Hire Date', async () => {
    const mapping = await adapter.map(body(hire), signed(body(hire)));
    expect(mapping).toMatchObject({ ok: true, ignored: [] });
    if (!mapping.ok) return;
    expect(mapping.events).toEqual([
      {
        id: expect.stringMatching(/^bamboohr-[0-9a-f]{32}$/),
        type: 'employee.hired',
        occurredAt: '2026-11-20T08:59:00.000Z',
        effectiveAt: '2026-12-01T00:00:00.000Z',
        employee: {
          id: '101',
          email: 'Ana.Lima@Example.com',
          fullName: 'Ana Lima',
          department: 'Design',
          managerEmail: 'bo@example.com',
        },
      },
    ]);
  });

  it('maps Status → Inactive with a Termination Date to a termination at the end of that day', async () => {
    const mapping = await adapter.map(body(termination), {});
    expect(mapping.ok && mapping.events[0]).toMatchObject({
      type: 'employee.terminated',
      effectiveAt: '2026-11-30T23:59:59.000Z',
      employee: { id: '102', email: 'cy@example.com', fullName: 'Cy Vance' },
    });
  });

  it('maps a department change to employee.updated, reading aliases and { value } fields', async () => {
    const mapping = await adapter.map(body(departmentChange), {});
    expect(mapping.ok && mapping.events[0]).toMatchObject({
      type: 'employee.updated',
      effectiveAt: '2026-11-20T08:57:00.000Z',
      employee: { id: '103', email: 'di@example.com', fullName: 'Di Prince', department: 'Sales' },
    });
  });

  it('maps leave, rehire and deletion, and ignores changes Lanyard does not act on', async () => {
    const leave = {
      ...departmentChange,
      id: '104',
      changedFields: ['Employment Status'],
      fields: { 'Employment Status': 'Leave of Absence' },
    };
    const rehire = {
      ...departmentChange,
      id: '105',
      changedFields: ['Status'],
      fields: { Status: 'Active', 'Work Email': 'e@example.com', 'First Name': 'E', 'Last Name': 'F' },
    };
    const deleted = { id: '106', action: 'Deleted', timestamp: '2026-11-20T08:00:00+0000' };
    const payRate = {
      ...departmentChange,
      id: '107',
      changedFields: ['Pay rate'],
      fields: { 'Pay rate': '100' },
    };
    const mapping = await adapter.map(body(leave, rehire, deleted, payRate), {});
    expect(mapping.ok).toBe(true);
    if (!mapping.ok) return;
    expect(mapping.events.map((e) => [e.employee.id, e.type])).toEqual([
      ['104', 'employee.leave_started'],
      ['105', 'employee.rehired'],
      ['106', 'employee.terminated'],
    ]);
    expect(mapping.ignored).toEqual([{ employeeId: '107', reason: expect.stringMatching(/Pay rate/) }]);
  });

  it('maps several employees to several events, with ids stable across redeliveries and key order', async () => {
    const first = await adapter.map(body(hire, termination, departmentChange), {});
    const reordered = { ...hire, fields: Object.fromEntries(Object.entries(hire.fields).reverse()) };
    const again = await adapter.map(body(reordered, termination, departmentChange), {});
    if (!first.ok || !again.ok) throw new Error('expected both to map');
    const ids = first.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(3);
    expect(again.events.map((e) => e.id)).toEqual(ids);
    const changed = await adapter.map(body({ ...termination, timestamp: '2026-11-21T08:58:00+0000' }), {});
    expect(changed.ok && changed.events[0]?.id).not.toBe(ids[1]);
  });

  it('says what is wrong with a payload it cannot read', async () => {
    expect(await adapter.map('not json', {})).toMatchObject({ ok: false, message: /not JSON/ });
    expect(
      await adapter.map(JSON.stringify({ type: 'employee.updated', data: { employeeId: '1' } }), {}),
    ).toMatchObject({ ok: false, message: /Event-Based employee\.updated.*LANYARD_BAMBOOHR_API/ });
    const invalid = await adapter.map(JSON.stringify({ employees: [{ action: 'Updated' }] }), {});
    expect(invalid).toMatchObject({ ok: false, issues: [{ path: 'employees.0.id' }] });
    expect(await adapter.map(JSON.stringify({ employees: [] }), {})).toMatchObject({
      ok: false,
      message: /at least one employee/,
    });
  });
});

describe('receiving a BambooHR delivery', () => {
  it('accepts every employee (202), then answers the redelivery 200 duplicate', async () => {
    const fake = fakeAcceptDeps(NOW);
    const delivery = body(hire, departmentChange);
    const answer = await receiveVendorWebhook(adapter, delivery, signed(delivery), fake.deps);
    expect(answer).toMatchObject({ status: 202, body: { status: 'accepted', accepted: 2 } });
    expect(fake.published.map((e) => [e.type, e.employee.email])).toEqual([
      ['employee.hired', 'ana.lima@example.com'],
      ['employee.updated', 'di@example.com'],
    ]);
    const again = await receiveVendorWebhook(adapter, delivery, signed(delivery), fake.deps);
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate', duplicates: 2 } });
    expect(fake.published).toHaveLength(2);
  });

  it('answers 401 to a bad signature and publishes nothing', async () => {
    const fake = fakeAcceptDeps(NOW);
    const delivery = body(hire);
    const answer = await receiveVendorWebhook(
      adapter,
      delivery,
      signed(delivery, { key: 'wrong' }),
      fake.deps,
    );
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid-signature' } });
    expect(fake.published).toHaveLength(0);
  });

  it('fills a leaver from what Lanyard knows, ignores a stranger, and refuses a hire without an email (400, nothing accepted)', async () => {
    const fake = fakeAcceptDeps(NOW);
    fake.knowPerson({ employeeId: '201', email: 'known@example.com', fullName: 'Known Person' });
    const leavers = body(
      { id: '201', action: 'Deleted', timestamp: '2026-11-20T08:00:00+0000' },
      { id: '202', action: 'Deleted', timestamp: '2026-11-20T08:00:00+0000' },
    );
    const answer = await receiveVendorWebhook(adapter, leavers, signed(leavers), fake.deps);
    expect(answer).toMatchObject({
      status: 202,
      body: { accepted: 1, ignored: [{ employeeId: '202', reason: expect.stringMatching(/no record/) }] },
    });
    expect(fake.published[0]?.employee).toMatchObject({ id: '201', email: 'known@example.com' });

    const noEmail = body(hire, { ...hire, id: '203', fields: { 'First Name': 'No', 'Last Name': 'Email' } });
    const refused = await receiveVendorWebhook(adapter, noEmail, signed(noEmail), fake.deps);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/employee 203 \(employee\.hired\) employee\.email/);
    expect(fake.published).toHaveLength(1);
  });

  it('answers 200 ignored when nothing in the delivery concerns Lanyard', async () => {
    const fake = fakeAcceptDeps(NOW);
    const delivery = body({ ...departmentChange, changedFields: ['Pay rate'] });
    const answer = await receiveVendorWebhook(adapter, delivery, signed(delivery), fake.deps);
    expect(answer).toMatchObject({ status: 200, body: { status: 'ignored', eventIds: [] } });
  });
});

describe('Event-Based deliveries (ids only; the employee read from the BambooHR API)', () => {
  let api: BambooHrApiStandIn;
  let eventAdapter: BambooHrAdapter;
  beforeAll(async () => {
    api = await startBambooHrApi();
    eventAdapter = new BambooHrAdapter([KEY], clock, new BambooHrEmployeesClient(api.credentials));
  });
  afterAll(() => api?.close());
  beforeEach(() => {
    api.failWith(null);
    api.putEmployee('301', {
      workEmail: 'Eve.Lee@Example.com',
      firstName: 'Eve',
      lastName: 'Lee',
      department: 'Design',
      supervisorEmail: 'bo@example.com',
      hireDate: '2026-12-01',
      status: 'Active',
      employmentHistoryStatus: 'Full-Time',
      terminationDate: '0000-00-00',
    });
  });

  const event = (
    type: string,
    employeeId: string,
    changedFields: string[] = [],
    timestamp = '2026-11-20T08:59:00+0000',
  ) => JSON.stringify({ type, timestamp, data: { companyId: '12345', employeeId, changedFields } });

  it('maps employee.created to a hire with the fields read from the API, and accepts it signed (202)', async () => {
    const body = event('employee.created', '301');
    expect(() => eventAdapter.verify(body, signed(body))).not.toThrow();
    const mapping = await eventAdapter.map(body, signed(body));
    expect(mapping).toEqual({
      ok: true,
      ignored: [],
      events: [
        {
          id: expect.stringMatching(/^bamboohr-[0-9a-f]{32}$/),
          type: 'employee.hired',
          occurredAt: '2026-11-20T08:59:00.000Z',
          effectiveAt: '2026-12-01T00:00:00.000Z',
          employee: {
            id: '301',
            email: 'Eve.Lee@Example.com',
            fullName: 'Eve Lee',
            department: 'Design',
            managerEmail: 'bo@example.com',
          },
        },
      ],
    });
    expect(api.requests.at(-1)).toMatchObject({
      path: '/api/gateway.php/acme/v1/employees/301',
      fields: expect.arrayContaining(['workEmail', 'status', 'employmentHistoryStatus', 'terminationDate']),
    });
    const fake = fakeAcceptDeps(NOW);
    expect(await receiveVendorWebhook(eventAdapter, body, signed(body), fake.deps)).toMatchObject({
      status: 202,
    });
    expect(fake.published[0]).toMatchObject({
      type: 'employee.hired',
      employee: { email: 'eve.lee@example.com' },
    });
  });

  it('maps employee.updated with status changed to Inactive to a termination on the termination date', async () => {
    api.putEmployee('301', {
      workEmail: 'eve@example.com',
      firstName: 'Eve',
      lastName: 'Lee',
      status: 'Inactive',
      terminationDate: '2026-11-30',
    });
    const mapping = await eventAdapter.map(
      event('employee.updated', '301', ['status', 'terminationDate']),
      {},
    );
    expect(mapping.ok && mapping.events[0]).toMatchObject({
      type: 'employee.terminated',
      effectiveAt: '2026-11-30T23:59:59.000Z',
      employee: { id: '301', email: 'eve@example.com', fullName: 'Eve Lee' },
    });
  });

  it('reads the Form Post encoding of the same events', async () => {
    const form = new URLSearchParams({
      type: 'employee.updated',
      'data[companyId]': '12345',
      'data[employeeId]': '301',
      'data[changedFields][0]': 'department',
    }).toString();
    const mapping = await eventAdapter.map(form, signed(form));
    expect(mapping.ok && mapping.events[0]).toMatchObject({
      type: 'employee.updated',
      employee: { id: '301', department: 'Design' },
    });
  });

  it('keeps the event id of a redelivery, whatever the record holds by then', async () => {
    const body = event('employee.updated', '301', ['department']);
    const first = await eventAdapter.map(body, {});
    api.putEmployee('301', {
      workEmail: 'eve@example.com',
      firstName: 'Eve',
      lastName: 'Lee',
      department: 'Sales',
    });
    const again = await eventAdapter.map(body, {});
    if (!first.ok || !again.ok) throw new Error('expected both to map');
    expect(again.events[0]?.id).toBe(first.events[0]?.id);
    const later = await eventAdapter.map(
      event('employee.updated', '301', ['department'], '2026-11-20T08:59:30+0000'),
      {},
    );
    expect(later.ok && later.events[0]?.id).not.toBe(first.events[0]?.id);
  });

  it('maps employee.deleted to a termination without reading the API, filled from what Lanyard knows', async () => {
    const requestsBefore = api.requests.length;
    const fake = fakeAcceptDeps(NOW);
    fake.knowPerson({ employeeId: '302', email: 'gone@example.com', fullName: 'Gone Person' });
    const body = event('employee.deleted', '302');
    // The adapter without an API client handles deletions too.
    const answer = await receiveVendorWebhook(adapter, body, signed(body), fake.deps);
    expect(answer.status).toBe(202);
    expect(fake.published[0]).toMatchObject({
      type: 'employee.terminated',
      employee: { email: 'gone@example.com' },
    });
    expect(await eventAdapter.map(body, {})).toMatchObject({
      ok: true,
      events: [{ type: 'employee.terminated' }],
    });
    expect(api.requests.length).toBe(requestsBefore);
  });

  it('ignores an employee the API no longer has and events it does not act on; says why it cannot read one', async () => {
    expect(await eventAdapter.map(event('employee.updated', '999', ['department']), {})).toMatchObject({
      ok: true,
      events: [],
      ignored: [{ employeeId: '999', reason: /not in BambooHR/ }],
    });
    expect(await eventAdapter.map(event('employee.archived', '301'), {})).toMatchObject({
      ok: true,
      ignored: [{ reason: /employee\.archived is not an event/ }],
    });
    expect(await eventAdapter.map(JSON.stringify({ type: 'employee.updated', data: {} }), {})).toMatchObject({
      ok: false,
      issues: [{ path: 'data.employeeId' }],
    });
    api.failWith(503);
    await expect(eventAdapter.map(event('employee.created', '301'), {})).rejects.toThrow(BambooHrApiError);
    api.failWith(null);
    const wrongKey = new BambooHrAdapter(
      [KEY],
      clock,
      new BambooHrEmployeesClient({ ...api.credentials, apiKey: 'not-the-key' }),
    );
    await expect(wrongKey.map(event('employee.created', '301'), {})).rejects.toThrow(
      /refused the API key \(401\)/,
    );
  });
});

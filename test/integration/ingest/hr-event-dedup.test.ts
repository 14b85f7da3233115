/**
 * Exact de-duplication of HR events over HTTP on the local stack (the local API server, the real
 * ingest function, dynalite, the local EventBridge and Step Functions runtime):
 * - 1,000 concurrent signed copies of one event: exactly one 202, the rest 200 duplicate, and
 *   exactly one execution;
 * - the same id with another body: 409 event-id-conflict, the first body kept, nothing started,
 *   and one notification for admins;
 * - a claim whose publisher crashed (claimed, never published) is published by a redelivery
 *   once its lease has run out, and not before.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbRecords } from '../../../functions/adapters/dynamodb/dynamodb-records.ts';
import { HrEvent } from '../../../functions/contracts/hr-event.ts';
import { HR_EVENT_LEASE_SECONDS } from '../../../functions/core/ingest/accept-hr-event.ts';
import { hrEventBodyHash } from '../../../functions/core/ingest/hr-event-hash.ts';
import {
  adminRequest,
  hrEvent,
  type StackHarness,
  startStackHarness,
  waitFor,
} from '../../support/local-stack-harness.ts';
import { signedDeliveryHeaders } from '../../support/signed-delivery.ts';

let h: StackHarness;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
}, 120_000);
afterAll(() => h?.close());

function canonical(email: string, overrides: Record<string, unknown> = {}) {
  const { dryRun: _dryRun, ...event } = hrEvent('employee.hired', { email });
  return { ...event, ...overrides };
}

const signedHeaders = (body: string, id?: string) => signedDeliveryHeaders(h.stack.webhookSecret, body, id);

async function deliver(body: string, headers = signedHeaders(body)) {
  const response = await fetch(`${h.stack.api.url}/hr/events`, { method: 'POST', headers, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Executions of the onboarding machine started for this event id. */
function executionsOf(eventId: string) {
  return h.stack.runtime.executions
    .list(h.stack.onboardingArn)
    .filter((e) => (JSON.parse(e.input) as { detail?: { id?: string } }).detail?.id === eventId);
}

/** Waits until the bus had time to start whatever the answers caused, then counts. */
async function settledExecutions(eventId: string) {
  await waitFor('an execution of the event', async () => executionsOf(eventId).length > 0);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return executionsOf(eventId).length;
}

describe('one HR event delivered many times', () => {
  it('1,000 concurrent signed copies give exactly one 202 and exactly one execution', async () => {
    const event = canonical(`burst.${randomBytes(4).toString('hex')}@example.com`);
    const body = JSON.stringify(event);
    const headers = signedHeaders(body, `msg_burst_${randomBytes(6).toString('hex')}`);
    const answers = await Promise.all(Array.from({ length: 1_000 }, () => deliver(body, headers)));
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 202: 1, 200: 999 });
    for (const a of answers.filter((x) => x.status === 200))
      expect(a.json).toMatchObject({ status: 'duplicate', eventId: event.id });
    const executions = await settledExecutions(event.id);
    expect(executions).toBe(1);
  }, 120_000);

  it('answers the same id with another body 409 event-id-conflict, keeps the first, starts nothing', async () => {
    const email = `conflict.${randomBytes(4).toString('hex')}@example.com`;
    const first = canonical(email, { employee: { ...canonical(email).employee, department: 'Design' } });
    expect((await deliver(JSON.stringify(first))).status).toBe(202);
    expect(await settledExecutions(first.id)).toBe(1);

    // The same event with its keys in another order and instants written differently is the same body.
    const { employee, ...rest } = first;
    const reordered = {
      employee: { ...employee },
      ...rest,
      effectiveAt: first.effectiveAt.replace('Z', '+00:00'),
    };
    expect(await deliver(JSON.stringify(reordered))).toMatchObject({
      status: 200,
      json: { status: 'duplicate', message: 'Already received; nothing started' },
    });

    const changed = { ...first, employee: { ...first.employee, department: 'Sales' } };
    for (let i = 0; i < 2; i++) {
      const answer = await deliver(JSON.stringify(changed));
      expect(answer.status).toBe(409);
      expect(answer.json).toMatchObject({ error: 'event-id-conflict', eventId: first.id });
      expect(String(answer.json.message)).toContain(first.id);
      expect(String(answer.json.message)).toMatch(/first .*kept/i);
      expect(String(answer.json.message)).toMatch(/new event id/);
    }
    expect(executionsOf(first.id)).toHaveLength(1);
    const notes = (await h.records.inbox.listNotifications({ limit: 100 })).items.filter((n) =>
      n.title.includes(first.id),
    );
    expect(notes).toHaveLength(1); // once per conflicting body, however often it is redelivered
    expect(notes[0]?.body).toMatch(/new event id/);
  });

  it('publishes a claim whose publisher crashed, once its lease has run out (and not before)', async () => {
    const event = HrEvent.parse(canonical(`crashed.${randomBytes(4).toString('hex')}@example.com`));
    const body = JSON.stringify(event);
    // A delivery claimed the event (as a Lambda's store would, 2 s short of a lease ago) and then
    // crashed before publishing: a claim and nothing else.
    const crashedAt = Date.now() - (HR_EVENT_LEASE_SECONDS - 2) * 1000;
    const crashed = storeAt(() => new Date(crashedAt));
    expect(
      await crashed.hrEvents.claimHrEvent(event.id, {
        bodyHash: hrEventBodyHash(event),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        leaseSeconds: HR_EVENT_LEASE_SECONDS,
      }),
    ).toMatchObject({ state: 'claimed', takenOver: false });

    // Within the lease, a redelivery is told the event is in progress and starts nothing.
    const early = await deliver(body);
    expect(early).toMatchObject({ status: 200, json: { status: 'duplicate' } });
    expect(String(early.json.message)).toMatch(/in progress/);

    // After it, one redelivery takes the claim over and publishes it; the next is a duplicate.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, crashedAt + HR_EVENT_LEASE_SECONDS * 1000 - Date.now() + 100)),
    );
    expect(executionsOf(event.id)).toHaveLength(0);
    const late = await deliver(body);
    expect(late).toMatchObject({ status: 202, json: { status: 'accepted', eventId: event.id } });
    expect(await settledExecutions(event.id)).toBe(1);
    expect(await deliver(body)).toMatchObject({
      status: 200,
      json: { status: 'duplicate', message: 'Already received; nothing started' },
    });
    expect(executionsOf(event.id)).toHaveLength(1);
  });
});

describe('an admin offboarding clicked twice', () => {
  it('is one request: its times are Lanyard clock, not part of what is compared', async () => {
    const hire = canonical(`clicked.${randomBytes(4).toString('hex')}@example.com`);
    expect((await deliver(JSON.stringify(hire))).status).toBe(202);
    await waitFor(
      'the hire applied',
      async () => (await h.records.people.getProfile(hire.employee.id)) !== null,
    );
    const click = () =>
      adminRequest(h, 'POST', '/admin/offboardings', {
        employeeId: hire.employee.id,
        reason: 'double click',
        dryRun: true,
      });
    const answers = await Promise.all([click(), click()]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers.map((a) => a.json.outcome).sort()).toEqual(['accepted', 'duplicate']);
    expect(answers[0]?.json.eventId).toBe(answers[1]?.json.eventId);
  });
});

function documentClient() {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      endpoint: h.stack.dynamodbEndpoint,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

/** The record store as a Lambda whose clock reads `now` sees it. */
function storeAt(now: () => Date) {
  return dynamoDbRecords({ client: documentClient(), tableName: h.stack.tableName, now });
}

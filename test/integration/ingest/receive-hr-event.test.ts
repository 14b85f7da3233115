/**
 * HR ingestion on the local stack: Standard Webhooks signatures (real library, real secrets),
 * every answer code, duplicates and stale events starting nothing, and an accepted hire reaching
 * the onboarding workflow through the production EventBridge publisher.
 */
import { randomBytes } from 'node:crypto';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../../functions/adapters/eventbridge/eventbridge-publisher.ts';
import { StandardWebhooksVerifier } from '../../../functions/adapters/webhooks/standard-webhooks-verifier.ts';
import { answerHrEvent, MAX_HR_EVENT_BYTES } from '../../../functions/api/ingest/answer-hr-event.ts';
import type { ReceiveHrEventDeps } from '../../../functions/core/ingest/receive-hr-event.ts';
import { onboardingRunId } from '../../../functions/core/lifecycle/run-ids.ts';
import {
  hrEvent,
  type StackHarness,
  startStackHarness,
  systemClock,
  waitFor,
} from '../../support/local-stack-harness.ts';

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;
const current = secret();
const previous = secret();

let h: StackHarness;
let deps: ReceiveHrEventDeps;
beforeAll(async () => {
  h = await startStackHarness({ inMemory: true });
  await h.control('POST', '/enterprise', { maxMembers: 10_000 });
  deps = {
    verifier: new StandardWebhooksVerifier([current, previous]),
    ...h.records,
    publisher: new EventBridgePublisher(
      new EventBridgeClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
        endpoint: h.stack.runtime.eventsEndpoint,
      }),
      h.stack.busName,
    ),
    clock: systemClock,
    notifier: { notify: async () => undefined },
  };
}, 120_000);
afterAll(() => h?.close());

function signed(body: string, options: { with?: string; at?: Date; id?: string } = {}) {
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const at = options.at ?? new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(options.with ?? current).sign(id, at, body),
  };
}

function canonical(email: string, overrides: Record<string, unknown> = {}) {
  const { dryRun: _dryRun, ...event } = hrEvent('employee.hired', { email });
  return JSON.stringify({ ...event, ...overrides });
}

describe('POST /hr/events', () => {
  it('accepts a signed hire (202) and the onboarding workflow picks it up', async () => {
    const body = canonical('ingested@example.com');
    const answer = await answerHrEvent(body, signed(body), deps);
    expect(answer).toMatchObject({ status: 202, body: { status: 'accepted' } });
    const run = await waitFor('the onboarding run', async () =>
      h.records.runs.getRun(onboardingRunId(JSON.parse(body).id)),
    );
    expect(run.kind).toBe('onboarding');
  });

  it('answers a duplicate 200 and starts nothing', async () => {
    const body = canonical('twice@example.com');
    await answerHrEvent(body, signed(body), deps);
    const before = h.stack.runtime.executions.list(h.stack.onboardingArn).length;
    const again = await answerHrEvent(body, signed(body), deps);
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(h.stack.runtime.executions.list(h.stack.onboardingArn).length).toBe(before);
  });

  it.each([
    ['a tampered body', (b: string) => ({ body: b.replace('tamper', 'tampered'), headers: signed(b) })],
    ['an unknown secret', (b: string) => ({ body: b, headers: signed(b, { with: secret() }) })],
    [
      'a signature 301 s old',
      (b: string) => ({ body: b, headers: signed(b, { at: new Date(Date.now() - 301_000) }) }),
    ],
    [
      'a signature 301 s ahead',
      (b: string) => ({ body: b, headers: signed(b, { at: new Date(Date.now() + 301_000) }) }),
    ],
    ['no signature at all', (b: string) => ({ body: b, headers: {} })],
  ])('refuses %s with 401, changing nothing', async (_name, make) => {
    const original = canonical('tamper@example.com');
    const { body, headers } = make(original);
    const answer = await answerHrEvent(body, headers, deps);
    expect(answer.status).toBe(401);
    expect(String(answer.body.message)).toMatch(/signature|timestamp|header/i);
    expect(await h.records.runs.getRun(onboardingRunId(JSON.parse(original).id))).toBeNull();
  });

  it.each([
    ['299 s old', -299_000],
    ['299 s ahead', 299_000],
  ])('accepts a signature %s, and one by the previous (rotated) secret', async (_name, skew) => {
    const body = canonical(`skew${skew}@example.com`);
    expect((await answerHrEvent(body, signed(body, { at: new Date(Date.now() + skew) }), deps)).status).toBe(
      202,
    );
    const rotated = canonical(`rotated${skew}@example.com`);
    expect((await answerHrEvent(rotated, signed(rotated, { with: previous }), deps)).status).toBe(202);
  });

  it('answers 400 naming what is wrong, and 413 for an oversized body', async () => {
    const body = canonical('bad', { type: 'employee.promoted' });
    const answer = await answerHrEvent(body, signed(body), deps);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/employee\.email must be an email address/);
    expect(answer.body.message).toMatch(/type/);
    const huge = JSON.stringify({ padding: 'x'.repeat(MAX_HR_EVENT_BYTES) });
    expect((await answerHrEvent(huge, signed(huge), deps)).status).toBe(413);
  });

  it('answers 409 to an event older in HR order than the one applied, and does not apply it', async () => {
    const newer = JSON.parse(canonical('ordered@example.com', { effectiveAt: '2026-11-20T00:00:00Z' }));
    const newerBody = JSON.stringify({ ...newer, employee: { ...newer.employee, id: 'E-ORDER' } });
    await answerHrEvent(newerBody, signed(newerBody), deps);
    await waitFor(
      'the newer event applied',
      async () => (await h.records.people.getProfile('E-ORDER'))?.lastEvent?.id === newer.id,
    );
    const older = JSON.parse(canonical('ordered@example.com', { effectiveAt: '2026-11-01T00:00:00Z' }));
    const olderBody = JSON.stringify({ ...older, employee: { ...older.employee, id: 'E-ORDER' } });
    const answer = await answerHrEvent(olderBody, signed(olderBody), deps);
    expect(answer).toMatchObject({ status: 409, body: { error: 'stale' } });
    expect(await h.records.runs.getRun(onboardingRunId(older.id))).toBeNull();
    expect((await answerHrEvent(olderBody, signed(olderBody), deps)).status).toBe(200);
  });
});

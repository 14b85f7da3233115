/**
 * receiveHrEvent, `POST /hr/events` in the domain's words: an unsigned or badly signed delivery is
 * refused before its body is read; a body that is not one canonical event is answered with what is
 * wrong; an event is accepted once, and a duplicate or a reused id with another body start
 * nothing. The real Standard Webhooks verifier (a local part); records in memory; the bus records.
 */
import { describe, expect, it } from 'vitest';
import { StandardWebhooksVerifier } from '../../../functions/adapters/webhooks/standard-webhooks-verifier.ts';
import { receiveHrEvent } from '../../../functions/core/ingest/receive-hr-event.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';
import { RecordingNotifier } from '../../support/fakes/recording-notifier.ts';
import { RecordingPublisher } from '../../support/fakes/recording-publisher.ts';
import { fixedClock } from '../../support/run-builders.ts';
import { signedDeliveryHeaders } from '../../support/signed-delivery.ts';

const SECRET = `whsec_${Buffer.from('lanyard-unit-test-secret-32bytes').toString('base64')}`;

const hire = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'evt-1',
    type: 'employee.hired',
    occurredAt: '2026-11-20T09:00:00Z',
    effectiveAt: '2026-12-01T09:00:00Z',
    employee: { id: 'E1001', email: 'Ana.Lima@example.com', fullName: 'Ana Lima' },
    ...overrides,
  });

function prepare() {
  const records = inMemoryRecords();
  const publisher = new RecordingPublisher();
  const notifier = new RecordingNotifier();
  const deps = {
    ...records,
    publisher,
    notifier,
    clock: fixedClock(),
    verifier: new StandardWebhooksVerifier([SECRET]),
  };
  return { publisher, notifier, deps };
}

describe('receiveHrEvent', () => {
  it('accepts a signed canonical event and puts it on the bus once', async () => {
    // Prepare
    const { publisher, deps } = prepare();
    const body = hire();
    // Act
    const receipt = await receiveHrEvent(body, signedDeliveryHeaders(SECRET, body), deps);
    const again = await receiveHrEvent(body, signedDeliveryHeaders(SECRET, body), deps);
    // Assess
    expect(receipt).toEqual({ outcome: 'accepted', eventId: 'evt-1' });
    expect(again).toMatchObject({ outcome: 'duplicate', eventId: 'evt-1' });
    expect(publisher.published).toEqual([
      expect.objectContaining({
        id: 'evt-1',
        dryRun: false,
        employee: expect.objectContaining({ email: 'ana.lima@example.com' }),
      }),
    ]);
  });

  it.each([
    ['without signature headers', () => ({})],
    [
      'signed with another secret',
      (body: string) =>
        signedDeliveryHeaders(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`, body),
    ],
  ])('refuses a delivery %s before reading it', async (_case, headersFor) => {
    // Prepare
    const { publisher, deps } = prepare();
    // Act
    const receipt = await receiveHrEvent('not even json', headersFor('not even json'), deps);
    // Assess
    expect(receipt.outcome).toBe('invalid-signature');
    expect(publisher.published).toEqual([]);
  });

  it('answers a signed body that is not JSON, and one that is not an event, with what is wrong', async () => {
    // Prepare
    const { publisher, deps } = prepare();
    const invalid = hire({ type: 'employee.promoted', employee: { id: 'E1', email: 'nope', fullName: '' } });
    // Act
    const notJson = await receiveHrEvent('{', signedDeliveryHeaders(SECRET, '{'), deps);
    const notEvent = await receiveHrEvent(invalid, signedDeliveryHeaders(SECRET, invalid), deps);
    // Assess
    expect(notJson).toEqual({ outcome: 'not-json' });
    expect(notEvent.outcome).toBe('invalid-event');
    expect(notEvent.outcome === 'invalid-event' && notEvent.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['type', 'employee.email', 'employee.fullName']),
    );
    expect(publisher.published).toEqual([]);
  });

  it('refuses the same id with another body, keeping the first and telling admins once', async () => {
    // Prepare
    const { publisher, notifier, deps } = prepare();
    const first = hire();
    const changed = hire({ effectiveAt: '2026-12-15T09:00:00Z' });
    await receiveHrEvent(first, signedDeliveryHeaders(SECRET, first), deps);
    // Act
    const receipt = await receiveHrEvent(changed, signedDeliveryHeaders(SECRET, changed), deps);
    // Assess
    expect(receipt).toMatchObject({ outcome: 'event-id-conflict', eventId: 'evt-1' });
    expect(publisher.published).toHaveLength(1);
    expect(notifier.sent).toHaveLength(1);
  });
});

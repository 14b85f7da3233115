/**
 * Receive HR Event (`POST /hr/events`, DESIGN.md "Interfaces"):
 * 1. Refuse a body over the size limit (413) and a delivery not signed by a current secret
 *    within ±5 min (401): nothing is read from an unauthenticated body.
 * 2. Validate the canonical event (400, listing what is wrong).
 * 3. Accept it (accept-hr-event.ts): 200 duplicate, 409 stale (recorded, never applied), or 202
 *    accepted and on the bus.
 */
import { HrEvent } from '../../contracts/hr-event.ts';
import type { WebhookVerifier } from '../../ports/webhook-verifier.ts';
import { WebhookSignatureError } from '../errors.ts';
import { type AcceptHrEventDeps, acceptHrEvent, listIssues } from './accept-hr-event.ts';

/** HR events are small; anything larger is not one (API Gateway's own cap is higher). */
export const MAX_HR_EVENT_BYTES = 64 * 1024;
export interface ReceiveHrEventDeps extends AcceptHrEventDeps {
  verifier: WebhookVerifier;
}

export interface HttpAnswer {
  status: 202 | 200 | 400 | 401 | 409 | 413;
  body: Record<string, unknown>;
}

export async function receiveHrEvent(
  rawBody: string,
  headers: Record<string, string | undefined>,
  deps: ReceiveHrEventDeps,
): Promise<HttpAnswer> {
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_HR_EVENT_BYTES) {
    return {
      status: 413,
      body: { error: 'too-large', message: `An HR event must be at most ${MAX_HR_EVENT_BYTES} bytes` },
    };
  }
  try {
    deps.verifier.verify(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      return { status: 401, body: { error: 'invalid-signature', message: error.message } };
    }
    throw error;
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: { error: 'invalid-body', message: 'The body is not JSON', issues: [] } };
  }
  const parsed = HrEvent.safeParse(json);
  if (!parsed.success) {
    const issues = listIssues(parsed.error.issues);
    return {
      status: 400,
      body: {
        error: 'invalid-body',
        message: `The HR event is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      },
    };
  }
  const result = await acceptHrEvent(parsed.data, deps);
  switch (result.outcome) {
    case 'duplicate':
      return { status: 200, body: { status: 'duplicate', eventId: result.eventId, message: result.message } };
    case 'stale':
      return { status: 409, body: { error: 'stale', eventId: result.eventId, message: result.message } };
    case 'accepted':
      return { status: 202, body: { status: 'accepted', eventId: result.eventId } };
  }
}

/**
 * Receive HR Event (`POST /hr/events`, DESIGN.md "Interfaces"):
 * 1. Refuse a body over the size limit (413), a signature header sent twice or malformed (400),
 *    and a delivery not signed by a current secret within ±5 min (401): nothing is read from an
 *    unauthenticated body.
 * 2. Validate the canonical event (400: not JSON, or the zod issues listed).
 * 3. Accept it (accept-hr-event.ts): 200 duplicate, 409 stale (recorded, never applied), 409
 *    event-id-conflict (the id was first received with another body, which is kept), or 202
 *    accepted and on the bus.
 */
import { HrEvent } from '../../contracts/hr-event.ts';
import type { WebhookVerifier } from '../../ports/webhook-verifier.ts';
import { EventIdConflictError, WebhookSignatureError } from '../errors.ts';
import { type AcceptHrEventDeps, acceptHrEvent, listIssues } from './accept-hr-event.ts';
import { headerProblems, headerRefusal } from './webhook-headers.ts';

/** The Standard Webhooks headers, each sent exactly once. */
export const STANDARD_WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

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
  const problems = headerProblems(headers, STANDARD_WEBHOOK_HEADERS);
  if (problems.length > 0) {
    return headerRefusal(
      problems,
      'send webhook-id, webhook-timestamp (Unix seconds) and webhook-signature once each, as Standard Webhooks signs them',
    );
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
    return {
      status: 400,
      body: {
        error: 'invalid-body',
        message:
          'The body is not JSON: send one canonical HR event as a JSON object (DESIGN.md "Interfaces")',
        issues: [],
      },
    };
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
  let result: Awaited<ReturnType<typeof acceptHrEvent>>;
  try {
    result = await acceptHrEvent(parsed.data, deps);
  } catch (error) {
    if (error instanceof EventIdConflictError) return conflictAnswer(error);
    throw error;
  }
  switch (result.outcome) {
    case 'duplicate':
      return { status: 200, body: { status: 'duplicate', eventId: result.eventId, message: result.message } };
    case 'stale':
      return { status: 409, body: { error: 'stale', eventId: result.eventId, message: result.message } };
    case 'accepted':
      return { status: 202, body: { status: 'accepted', eventId: result.eventId } };
  }
}

/** 409 `event-id-conflict`: the first body under this id was kept and nothing was started. */
export function conflictAnswer(error: EventIdConflictError): HttpAnswer {
  return {
    status: 409,
    body: { error: 'event-id-conflict', eventId: error.eventId, message: error.message },
  };
}

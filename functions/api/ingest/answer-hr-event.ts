/**
 * `POST /hr/events` in HTTP (DESIGN.md "Interfaces"):
 * 1. Refuse a body over the size limit (413) and a signature header sent twice or malformed (400):
 *    faults on the wire, answered before the core sees the delivery.
 * 2. Receive it (core/ingest/receive-hr-event.ts) and answer what the core says: 401 bad signature,
 *    400 not JSON or invalid (the zod issues listed), 200 duplicate, 409 stale, 409
 *    event-id-conflict (the first body under the id is kept), or 202 accepted and on the bus.
 */
import {
  type HrEventReceipt,
  type ReceiveHrEventDeps,
  receiveHrEvent,
} from '../../core/ingest/receive-hr-event.ts';
import { headerProblems, headerRefusal } from './webhook-headers.ts';

/** The Standard Webhooks headers, each sent exactly once. */
export const STANDARD_WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

/** HR events are small; anything larger is not one (API Gateway's own cap is higher). */
export const MAX_HR_EVENT_BYTES = 64 * 1024;

export interface HttpAnswer {
  status: 202 | 200 | 400 | 401 | 409 | 413;
  body: Record<string, unknown>;
}

export async function answerHrEvent(
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
  return httpAnswerOf(await receiveHrEvent(rawBody, headers, deps));
}

function httpAnswerOf(receipt: HrEventReceipt): HttpAnswer {
  switch (receipt.outcome) {
    case 'invalid-signature':
      return { status: 401, body: { error: 'invalid-signature', message: receipt.message } };
    case 'not-json':
      return {
        status: 400,
        body: {
          error: 'invalid-body',
          message:
            'The body is not JSON: send one canonical HR event as a JSON object (DESIGN.md "Interfaces")',
          issues: [],
        },
      };
    case 'invalid-event':
      return {
        status: 400,
        body: {
          error: 'invalid-body',
          message: `The HR event is invalid: ${receipt.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues: receipt.issues,
        },
      };
    case 'event-id-conflict':
      return conflictAnswer(receipt);
    case 'duplicate':
      return {
        status: 200,
        body: { status: 'duplicate', eventId: receipt.eventId, message: receipt.message },
      };
    case 'stale':
      return { status: 409, body: { error: 'stale', eventId: receipt.eventId, message: receipt.message } };
    case 'accepted':
      return { status: 202, body: { status: 'accepted', eventId: receipt.eventId } };
  }
}

/** 409 `event-id-conflict`: the first body under this id was kept and nothing was started. */
export function conflictAnswer(conflict: { eventId: string; message: string }): HttpAnswer {
  return {
    status: 409,
    body: { error: 'event-id-conflict', eventId: conflict.eventId, message: conflict.message },
  };
}

/**
 * Receive HR Event (`POST /hr/events`, DESIGN.md "Interfaces"), once the edge has refused what is
 * wrong on the wire (api/ingest/answer-hr-event.ts: the size limit, signature headers sent twice or
 * malformed). Answers what happened in the domain's words; the edge maps each answer to HTTP.
 * 1. `invalid-signature` unless a current secret signed the delivery within ±5 min: nothing is
 *    read from an unauthenticated body.
 * 2. `not-json` / `invalid-event` (the zod issues listed) unless it is one canonical event.
 * 3. Accept it (accept-hr-event.ts): `duplicate`, `stale` (recorded, never applied),
 *    `event-id-conflict` (the id was first received with another body, which is kept), or
 *    `accepted` and on the bus.
 */
import { HrEvent } from '../../contracts/hr-event.ts';
import type { WebhookVerifier } from '../../ports/webhook-verifier.ts';
import { EventIdConflictError, WebhookSignatureError } from '../errors.ts';
import { type Acceptance, type AcceptHrEventDeps, acceptHrEvent, listIssues } from './accept-hr-event.ts';

export interface ReceiveHrEventDeps extends AcceptHrEventDeps {
  verifier: WebhookVerifier;
}

export type HrEventReceipt =
  | { outcome: 'invalid-signature'; message: string }
  | { outcome: 'not-json' }
  | { outcome: 'invalid-event'; issues: Array<{ path: string; message: string }> }
  | { outcome: 'event-id-conflict'; eventId: string; message: string }
  | Acceptance;

export async function receiveHrEvent(
  rawBody: string,
  headers: Record<string, string | undefined>,
  deps: ReceiveHrEventDeps,
): Promise<HrEventReceipt> {
  try {
    deps.verifier.verify(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError)
      return { outcome: 'invalid-signature', message: error.message };
    throw error;
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { outcome: 'not-json' };
  }
  const parsed = HrEvent.safeParse(json);
  if (!parsed.success) return { outcome: 'invalid-event', issues: listIssues(parsed.error.issues) };
  try {
    return await acceptHrEvent(parsed.data, deps);
  } catch (error) {
    if (error instanceof EventIdConflictError)
      return { outcome: 'event-id-conflict', eventId: error.eventId, message: error.message };
    throw error;
  }
}

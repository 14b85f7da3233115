/** Standard Webhooks headers for a body, signed as an HR system signs a delivery to `POST /hr/events`. */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { type RawAnswer, rawRequest } from './raw-http.ts';

export function signedDeliveryHeaders(
  secret: string,
  body: string,
  id = `msg_${randomBytes(8).toString('hex')}`,
): Record<string, string> {
  const at = new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

/** Delivers `body` to the local stack's `POST /hr/events`, signed with `secret`, as raw HTTP. */
export function postSignedHrEvent(apiUrl: string, secret: string, body: string): Promise<RawAnswer> {
  return rawRequest(apiUrl, 'POST', '/hr/events', signedDeliveryHeaders(secret, body), body);
}

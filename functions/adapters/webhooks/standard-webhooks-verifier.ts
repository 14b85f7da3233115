import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { WebhookSignatureError } from '../../core/errors.ts';
import type { VerifiedDelivery, WebhookVerifier } from '../../ports/webhook-verifier.ts';

/**
 * Standard Webhooks (HMAC-SHA256 over `id.timestamp.body`, ±5 min, `whsec_` secrets) through the
 * `standardwebhooks` library. Several secrets may be valid at once, so a secret can be rotated
 * without a window in which the HR system's deliveries fail.
 */
export class StandardWebhooksVerifier implements WebhookVerifier {
  private readonly webhooks: Webhook[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('At least one webhook secret is required');
    this.webhooks = secrets.map((secret) => new Webhook(secret));
  }

  verify(body: string, headers: Record<string, string | undefined>): VerifiedDelivery {
    const required = {
      'webhook-id': headers['webhook-id'] ?? '',
      'webhook-timestamp': headers['webhook-timestamp'] ?? '',
      'webhook-signature': headers['webhook-signature'] ?? '',
    };
    const missing = Object.entries(required)
      .filter(([, v]) => v === '')
      .map(([k]) => k);
    if (missing.length > 0) throw new WebhookSignatureError(`Missing header(s): ${missing.join(', ')}`);
    let reason = 'No valid signature';
    for (const webhook of this.webhooks) {
      try {
        // The body is parsed (and refused when it is not JSON) by the caller, after this.
        webhook.verify(body, required, { jsonParse: false });
        return { messageId: required['webhook-id'], sentAt: sentAt(required['webhook-timestamp']) };
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        reason = error.message; // the timestamp reasons are the same for every secret
      }
    }
    throw new WebhookSignatureError(
      `${reason}: sign id.timestamp.body with a current secret (Standard Webhooks), within 5 minutes`,
    );
  }
}

/**
 * The signed timestamp as an ISO instant. verify() has read it the same way (parseInt) and found
 * it within 5 minutes of now, so this is a valid date.
 */
function sentAt(timestamp: string): string {
  return new Date(Number.parseInt(timestamp, 10) * 1000).toISOString();
}

/** Verifies a signed webhook delivery (Standard Webhooks) and says who sent which message when. */
export interface VerifiedDelivery {
  /** `webhook-id`: the sender's message id. */
  messageId: string;
  /** `webhook-timestamp` as an ISO instant. */
  sentAt: string;
}

export interface WebhookVerifier {
  /** Throws WebhookSignatureError when no configured secret signed this body at an acceptable time. */
  verify(body: string, headers: Record<string, string | undefined>): VerifiedDelivery;
}

import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { jsonSecret } from '../secrets/json-secret.ts';

/**
 * The Secrets Manager secret's JSON (infra/constructs/secrets.ts): the current Standard Webhooks
 * secret and, while rotating, the previous one. With or without the `whsec_` prefix.
 */
const SecretJson = z.object({
  current: z.string().min(16),
  previous: z.string().min(16).optional(),
});

/** Reads the webhook secrets from Secrets Manager. The values never reach logs or errors. */
export async function webhookSecretsFromSecret(
  secretArn: string,
  client?: SecretsManagerClient,
): Promise<string[]> {
  const { current, previous } = await jsonSecret(
    secretArn,
    SecretJson,
    '{"current": "…", "previous": "…"} (previous only while rotating)',
    'webhook',
    client,
  );
  return [current, ...(previous ? [previous] : [])];
}

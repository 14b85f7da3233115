import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigInvalidError } from '../../core/errors.ts';

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
  client = new SecretsManagerClient({}),
): Promise<string[]> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let json: unknown;
  try {
    json = JSON.parse(SecretString ?? '');
  } catch {
    json = undefined;
  }
  const parsed = SecretJson.safeParse(json);
  if (!parsed.success) {
    throw new ConfigInvalidError(
      `The webhook secret ${secretArn} must hold JSON {"current": "…", "previous": "…"} (previous only while rotating)`,
    );
  }
  return [parsed.data.current, ...(parsed.data.previous ? [parsed.data.previous] : [])];
}

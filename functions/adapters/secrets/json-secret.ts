import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { z } from 'zod';
import { ConfigInvalidError } from '../../core/errors.ts';

/**
 * Reads a Secrets Manager secret holding JSON and checks its shape. A wrong shape is a
 * ConfigInvalidError naming the secret and the JSON it must hold — never its value, which stays
 * out of logs and errors.
 */
export async function jsonSecret<T>(
  secretArn: string,
  schema: z.ZodType<T>,
  /** What the operator must put there, e.g. `{"apiKey": "…", "apiToken": "…"}`. */
  shape: string,
  what: string,
  client?: SecretsManagerClient,
): Promise<T> {
  // The SDK's module on first use, not when a function starts.
  const sdk = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await (client ?? new sdk.SecretsManagerClient({})).send(
    new sdk.GetSecretValueCommand({ SecretId: secretArn }),
  );
  let json: unknown;
  try {
    json = JSON.parse(SecretString ?? '');
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ConfigInvalidError(`The ${what} secret ${secretArn} must hold JSON ${shape}`);
  return parsed.data;
}

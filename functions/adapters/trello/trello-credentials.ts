import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigInvalidError } from '../../core/errors.ts';

export interface TrelloCredentials {
  apiKey: string;
  apiToken: string;
}

/** The Secrets Manager secret's JSON (infra/constructs/secrets.ts documents it for operators). */
const SecretJson = z.object({ apiKey: z.string().min(1), apiToken: z.string().min(1) });

/** Reads the Trello key/token from Secrets Manager. The values never reach logs or errors. */
export async function trelloCredentialsFromSecret(
  secretArn: string,
  client = new SecretsManagerClient({}),
): Promise<TrelloCredentials> {
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
      `The Trello secret ${secretArn} must hold JSON {"apiKey": "…", "apiToken": "…"} (the token of an Enterprise admin)`,
    );
  }
  return parsed.data;
}

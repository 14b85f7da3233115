import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { jsonSecret } from '../secrets/json-secret.ts';

export interface TrelloCredentials {
  apiKey: string;
  apiToken: string;
}

/** The Secrets Manager secret's JSON (infra/constructs/secrets.ts documents it for operators). */
const SecretJson = z.object({ apiKey: z.string().min(1), apiToken: z.string().min(1) });

/** Reads the Trello key/token from Secrets Manager. The values never reach logs or errors. */
export function trelloCredentialsFromSecret(
  secretArn: string,
  client?: SecretsManagerClient,
): Promise<TrelloCredentials> {
  return jsonSecret(
    secretArn,
    SecretJson,
    '{"apiKey": "…", "apiToken": "…"} (the token of an Enterprise admin)',
    'Trello',
    client,
  );
}

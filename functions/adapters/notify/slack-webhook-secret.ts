import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { jsonSecret } from '../secrets/json-secret.ts';

const SecretJson = z.object({ webhookUrl: z.url().startsWith('https://') });

/** Reads the Slack incoming-webhook URL from Secrets Manager; it never reaches logs or errors. */
export async function slackWebhookFromSecret(
  secretArn: string,
  client?: SecretsManagerClient,
): Promise<string> {
  const { webhookUrl } = await jsonSecret(
    secretArn,
    SecretJson,
    '{"webhookUrl": "https://hooks.slack.com/…"}',
    'Slack',
    client,
  );
  return webhookUrl;
}

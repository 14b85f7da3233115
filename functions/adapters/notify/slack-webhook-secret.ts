import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigInvalidError } from '../../core/errors.ts';

const SecretJson = z.object({ webhookUrl: z.url().startsWith('https://') });

/** Reads the Slack incoming-webhook URL from Secrets Manager; it never reaches logs or errors. */
export async function slackWebhookFromSecret(
  secretArn: string,
  client = new SecretsManagerClient({}),
): Promise<string> {
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
      `The Slack secret ${secretArn} must hold JSON {"webhookUrl": "https://hooks.slack.com/…"}`,
    );
  }
  return parsed.data.webhookUrl;
}

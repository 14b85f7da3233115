/**
 * The identity provider's credentials: JSON from Secrets Manager on AWS, from the environment
 * locally. Which fields it holds depends on the provider (each adapter validates its own shape);
 * the values never reach logs or errors.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigInvalidError } from '../../core/errors.ts';

export async function loadIdpCredentials(
  source: { secretArn: string } | { json: string },
  client: () => SecretsManagerClient = () => new SecretsManagerClient({}),
): Promise<unknown> {
  const where = 'secretArn' in source ? `the secret ${source.secretArn}` : 'LANYARD_IDP_CREDENTIALS';
  const text =
    'secretArn' in source
      ? (await client().send(new GetSecretValueCommand({ SecretId: source.secretArn }))).SecretString
      : source.json;
  try {
    return JSON.parse(text ?? '');
  } catch {
    throw new ConfigInvalidError(`The identity provider credentials in ${where} must be a JSON object`);
  }
}

/**
 * The identity provider's credentials: JSON from Secrets Manager on AWS, from the environment
 * locally. Which fields it holds depends on the provider (each adapter validates its own shape);
 * the values never reach logs or errors.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { ConfigInvalidError } from '../../core/errors.ts';
import { jsonSecret } from '../secrets/json-secret.ts';

const CredentialsObject = z.record(z.string(), z.unknown());

export async function loadIdpCredentials(
  source: { secretArn: string } | { json: string },
  client?: SecretsManagerClient,
): Promise<unknown> {
  if ('secretArn' in source) {
    return jsonSecret(
      source.secretArn,
      CredentialsObject,
      'of the provider’s credentials (README: offboarding)',
      'identity provider',
      client,
    );
  }
  try {
    return CredentialsObject.parse(JSON.parse(source.json));
  } catch {
    throw new ConfigInvalidError(
      'LANYARD_IDP_CREDENTIALS must be a JSON object of the provider’s credentials',
    );
  }
}

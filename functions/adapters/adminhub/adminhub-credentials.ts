/**
 * The Atlassian Administration API key of an AdminHub-managed Enterprise: JSON
 * `{"apiKey","orgId","directoryId"}` from Secrets Manager on AWS, from the environment locally.
 * The values never reach logs or errors.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigInvalidError } from '../../core/errors.ts';
import { AtlassianCredentials } from '../idp/atlassian-api-tokens.ts';
import { jsonSecret } from '../secrets/json-secret.ts';

const SHAPE =
  '{"apiKey": "<organization API key, created without scopes>", "orgId": "…", "directoryId": "…"}';

export async function loadAdminHubCredentials(
  source: { secretArn: string } | { json: string },
  client?: SecretsManagerClient,
): Promise<AtlassianCredentials> {
  if ('secretArn' in source) {
    return jsonSecret(
      source.secretArn,
      AtlassianCredentials,
      SHAPE,
      'AdminHub (Atlassian Administration)',
      client,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(source.json);
  } catch {
    json = undefined;
  }
  const parsed = AtlassianCredentials.safeParse(json);
  if (!parsed.success) throw new ConfigInvalidError(`LANYARD_ADMINHUB_CREDENTIALS must be JSON ${SHAPE}`);
  return parsed.data;
}

/**
 * The local stack's two secrets: the admin token (the console and CLI send it as a bearer token)
 * and the Standard Webhooks secret (HR systems sign with it). From LANYARD_ADMIN_TOKEN and
 * LANYARD_WEBHOOK_SECRET when set; else generated once and kept in `<data dir>/secrets.json`
 * (mode 0600) so the CLI and a restart find the same ones. The API itself is given only the
 * token's SHA-256.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { privateDir, writePrivateFile } from './private-files.ts';

export const LOCAL_SECRETS_FILE = 'secrets.json';

const LocalSecrets = z.object({
  adminToken: z.string().min(20),
  webhookSecret: z.string().startsWith('whsec_'),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

export function localSecrets(dataDir: string, env: Record<string, string | undefined>): LocalSecrets {
  const file = path.join(dataDir, LOCAL_SECRETS_FILE);
  let stored: LocalSecrets | null = null;
  if (existsSync(file)) {
    const parsed = LocalSecrets.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(`${file} is damaged; delete it and start again to generate new secrets`);
    stored = parsed.data;
  }
  const secrets = {
    adminToken:
      env.LANYARD_ADMIN_TOKEN || stored?.adminToken || `lyd_${randomBytes(24).toString('base64url')}`,
    webhookSecret:
      env.LANYARD_WEBHOOK_SECRET || stored?.webhookSecret || `whsec_${randomBytes(24).toString('base64')}`,
  };
  const checked = LocalSecrets.safeParse(secrets);
  if (!checked.success) {
    throw new Error(
      'LANYARD_ADMIN_TOKEN must be at least 20 characters and LANYARD_WEBHOOK_SECRET must start with whsec_',
    );
  }
  if (!stored || stored.adminToken !== secrets.adminToken || stored.webhookSecret !== secrets.webhookSecret) {
    privateDir(dataDir);
    writePrivateFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { atomic: true });
  }
  return secrets;
}

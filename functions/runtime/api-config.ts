/**
 * Config of the two HTTP functions (HR ingest, admin API), on top of the step config: how callers
 * are authenticated and where the webhook secrets are. Validated with zod; a bad value names the
 * variable and what to set.
 */
import { z } from 'zod';
import { ConfigInvalidError } from '../core/errors.ts';
import { ConfigKeys as K } from './config-keys.ts';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), schema.optional());

const json = <T extends z.ZodType>(schema: T, what: string) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be JSON: ${what}` });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const AdminTokenHash = z.object({
  /** Who the token stands for (an email, so the subject of an approval is recognised). */
  who: z.string().trim().min(1).max(254),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex characters'),
});
export type AdminTokenHash = z.infer<typeof AdminTokenHash>;

const ApiConfigSchema = z
  .object({
    [K.adminAuth]: z.enum(['token', 'gateway']).default('gateway'),
    [K.adminTokens]: optional(
      json(z.array(AdminTokenHash).min(1), 'a list of { "who", "sha256" } (hashes of the admin tokens)'),
    ),
    [K.webhookSecrets]: optional(z.string()),
    [K.webhookSecretArn]: optional(z.string().startsWith('arn:')),
    [K.consoleLoginUrl]: optional(z.url()),
    [K.approvalExcludeManager]: z.enum(['true', 'false']).default('false'),
  })
  .refine((c) => c[K.adminAuth] !== 'token' || c[K.adminTokens] !== undefined, {
    message: `${K.adminAuth}=token needs ${K.adminTokens} (the hashes of the admin tokens)`,
  });

export interface ApiConfig {
  adminAuth: { mode: 'gateway' } | { mode: 'token'; tokens: AdminTokenHash[] };
  webhookSecrets: { secrets: string[] } | { secretArn: string } | null;
  consoleLoginUrl: string | null;
  excludeSubjectManager: boolean;
}

export function parseApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const parsed = ApiConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'config'}: ${i.message}`)
      .join('; ');
    throw new ConfigInvalidError(`Lanyard's API is misconfigured — ${problems}`);
  }
  const c = parsed.data;
  const inline = (c[K.webhookSecrets] ?? '').split(/\s+/).filter((s) => s !== '');
  const arn = c[K.webhookSecretArn];
  return {
    adminAuth:
      c[K.adminAuth] === 'token' ? { mode: 'token', tokens: c[K.adminTokens] ?? [] } : { mode: 'gateway' },
    webhookSecrets: inline.length > 0 ? { secrets: inline } : arn ? { secretArn: arn } : null,
    consoleLoginUrl: c[K.consoleLoginUrl] ?? null,
    excludeSubjectManager: c[K.approvalExcludeManager] === 'true',
  };
}

/**
 * Config of the two HTTP functions (HR ingest, admin API), on top of the step config: how callers
 * are authenticated and where the webhook secrets are. Validated with zod; a bad value names the
 * variable and what to set.
 */
import * as z from 'zod';
import { BambooHrApiCredentials, HiBobApiCredentials } from '../api/hr-vendors/vendor-api-credentials.ts';
import { ConfigInvalidError } from '../core/errors.ts';
import { ConfigKeys as K } from './config-keys.ts';

/**
 * The HR vendor adapters' settings (`POST /hr/events/{vendor}`). A vendor without a webhook
 * secret is not configured: its route answers 404.
 */
export const HrVendorConfigKeys = {
  /** BambooHR webhook private key(s), space-separated; two while rotating. */
  bamboohrWebhookSecret: 'LANYARD_BAMBOOHR_WEBHOOK_SECRET',
  /** The same, from Secrets Manager: JSON `{ "current": "…", "previous"?: "…" }`. */
  bamboohrWebhookSecretArn: 'LANYARD_BAMBOOHR_WEBHOOK_SECRET_ARN',
  /**
   * The BambooHR API key employees are read with, for Event-Based deliveries (ids only): JSON
   * `{ "companyDomain", "apiKey", "baseUrl"? }`. Optional: Field-Based deliveries need none.
   */
  bamboohrApi: 'LANYARD_BAMBOOHR_API',
  /** The same JSON, from Secrets Manager. */
  bamboohrApiSecretArn: 'LANYARD_BAMBOOHR_API_SECRET_ARN',
  /** HiBob (Bob) webhook secret(s), space-separated; two while rotating. */
  hibobWebhookSecret: 'LANYARD_HIBOB_WEBHOOK_SECRET',
  /** The same, from Secrets Manager: JSON `{ "current": "…", "previous"?: "…" }`. */
  hibobWebhookSecretArn: 'LANYARD_HIBOB_WEBHOOK_SECRET_ARN',
  /** The Bob service user people are read with: JSON `{ "serviceUserId", "token", "baseUrl"? }`. */
  hibobApi: 'LANYARD_HIBOB_API',
  /** The same JSON, from Secrets Manager. */
  hibobApiSecretArn: 'LANYARD_HIBOB_API_SECRET_ARN',
} as const;
const V = HrVendorConfigKeys;

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
    [V.bamboohrWebhookSecret]: optional(z.string()),
    [V.bamboohrWebhookSecretArn]: optional(z.string().startsWith('arn:')),
    [V.bamboohrApi]: optional(
      json(BambooHrApiCredentials, '{ "companyDomain": "…", "apiKey": "…", "baseUrl"?: "…" }'),
    ),
    [V.bamboohrApiSecretArn]: optional(z.string().startsWith('arn:')),
    [V.hibobWebhookSecret]: optional(z.string()),
    [V.hibobWebhookSecretArn]: optional(z.string().startsWith('arn:')),
    [V.hibobApi]: optional(
      json(HiBobApiCredentials, '{ "serviceUserId": "…", "token": "…", "baseUrl"?: "…" }'),
    ),
    [V.hibobApiSecretArn]: optional(z.string().startsWith('arn:')),
  })
  .refine((c) => c[K.adminAuth] !== 'token' || c[K.adminTokens] !== undefined, {
    message: `${K.adminAuth}=token needs ${K.adminTokens} (the hashes of the admin tokens)`,
  })
  .refine(
    (c) =>
      !(c[V.hibobWebhookSecret]?.trim() || c[V.hibobWebhookSecretArn]) ||
      c[V.hibobApi] !== undefined ||
      c[V.hibobApiSecretArn] !== undefined,
    {
      message: `a HiBob webhook secret needs ${V.hibobApi} or ${V.hibobApiSecretArn} (the service user that reads people)`,
    },
  );

/** Webhook secrets given inline, or where in Secrets Manager to read them. */
export type VendorSecrets = { secrets: string[] } | { secretArn: string };

export interface ApiConfig {
  adminAuth: { mode: 'gateway' } | { mode: 'token'; tokens: AdminTokenHash[] };
  webhookSecrets: { secrets: string[] } | { secretArn: string } | null;
  consoleLoginUrl: string | null;
  excludeSubjectManager: boolean;
  /** Per HR vendor adapter; null when that vendor is not configured. */
  hrVendors: {
    bamboohr: { webhook: VendorSecrets; api: BambooHrApiCredentials | { secretArn: string } | null } | null;
    hibob: { webhook: VendorSecrets; api: HiBobApiCredentials | { secretArn: string } } | null;
  };
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
  const vendorSecrets = (
    secrets: string | undefined,
    secretArn: string | undefined,
  ): VendorSecrets | null => {
    const listed = (secrets ?? '').split(/\s+/).filter((s) => s !== '');
    return listed.length > 0 ? { secrets: listed } : secretArn ? { secretArn } : null;
  };
  const bamboohr = vendorSecrets(c[V.bamboohrWebhookSecret], c[V.bamboohrWebhookSecretArn]);
  const hibob = vendorSecrets(c[V.hibobWebhookSecret], c[V.hibobWebhookSecretArn]);
  const bamboohrApiArn = c[V.bamboohrApiSecretArn];
  const bamboohrApi = c[V.bamboohrApi] ?? (bamboohrApiArn ? { secretArn: bamboohrApiArn } : null);
  const hibobApiArn = c[V.hibobApiSecretArn];
  const hibobApi = c[V.hibobApi] ?? (hibobApiArn ? { secretArn: hibobApiArn } : null);
  return {
    adminAuth:
      c[K.adminAuth] === 'token' ? { mode: 'token', tokens: c[K.adminTokens] ?? [] } : { mode: 'gateway' },
    webhookSecrets: inline.length > 0 ? { secrets: inline } : arn ? { secretArn: arn } : null,
    consoleLoginUrl: c[K.consoleLoginUrl] ?? null,
    excludeSubjectManager: c[K.approvalExcludeManager] === 'true',
    hrVendors: {
      bamboohr: bamboohr ? { webhook: bamboohr, api: bamboohrApi } : null,
      hibob: hibob && hibobApi ? { webhook: hibob, api: hibobApi } : null,
    },
  };
}

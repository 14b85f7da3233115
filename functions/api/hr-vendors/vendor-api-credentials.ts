/**
 * The HR vendors' API credentials (JSON in the environment locally, in Secrets Manager on AWS), in
 * a file of their own: the API config validates them without bundling the vendors' adapters.
 */
import * as z from 'zod';

/** `LANYARD_BAMBOOHR_API`: the API key Lanyard reads employees with (Event-Based webhooks). */
export const BambooHrApiCredentials = z.object({
  /** The company's BambooHR subdomain (`acme` in acme.bamboohr.com). */
  companyDomain: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]+$/i, 'companyDomain must be the BambooHR subdomain, e.g. "acme"'),
  apiKey: z.string().trim().min(1, 'apiKey is required'),
  /** The API origin and path up to `/v1`, to override the default gateway (tests, a proxy). */
  baseUrl: z.url().optional(),
});
export type BambooHrApiCredentials = z.infer<typeof BambooHrApiCredentials>;

/** `LANYARD_HIBOB_API`: the Bob service user Lanyard reads people with. */
export const HiBobApiCredentials = z.object({
  serviceUserId: z.string().trim().min(1, 'serviceUserId is required'),
  token: z.string().trim().min(1, 'token is required'),
  /** The API origin, e.g. https://api.sandbox.hibob.com for a sandbox. */
  baseUrl: z.url().optional(),
});
export type HiBobApiCredentials = z.infer<typeof HiBobApiCredentials>;

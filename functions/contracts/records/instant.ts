import * as z from 'zod';

/**
 * A point in time as records keep it: an ISO 8601 string. Stored values are parsed as written (no
 * format check: older items differ in precision); the format is what the OpenAPI document says.
 */
export const Instant = z.string().meta({ format: 'date-time' });

/** A SHA-256 digest in lower-case hex. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

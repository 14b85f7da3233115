/**
 * How the admin tokens config (ConfigKeys.adminTokens) holds a token: its SHA-256 in lowercase
 * hex, never the token itself. The admin API hashes a presented bearer token this way to compare
 * (api/admin/authenticate.ts); whoever writes the config (the local stack) hashes with this same
 * function, so the two cannot drift.
 */
import { createHash } from 'node:crypto';

export function adminTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { Randomness } from '../../ports/randomness.ts';

/** Node's cryptographically secure generator. */
export const systemRandomness: Randomness = {
  uuid: () => randomUUID(),
  secret: (bytes) => randomBytes(bytes).toString('base64url'),
};

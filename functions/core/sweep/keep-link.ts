/**
 * The link an ask-first sweep mails to an idle member. Its token names the sweep and the member
 * (so the answer finds its record without an index) and carries a random secret of which only the
 * SHA-256 is stored. The token travels in the URL fragment, which browsers never send to a server,
 * so it stays out of access logs; the page posts it back when the person presses the button.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Randomness } from '../../ports/randomness.ts';

/** base64url(sweep id) . member id . secret (base64url, 24 random bytes). */
const TOKEN = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9]{1,64})\.([A-Za-z0-9_-]{32})$/;

export interface KeepToken {
  sweepId: string;
  memberId: string;
  secret: string;
}

export function newKeepToken(
  sweepId: string,
  memberId: string,
  randomness: Randomness,
): { token: string; secretHash: string } {
  const secret = randomness.secret(24);
  const token = `${Buffer.from(sweepId).toString('base64url')}.${memberId}.${secret}`;
  if (!TOKEN.test(token))
    throw new Error(`Sweep ${sweepId} / member ${memberId} cannot be put in a keep link`);
  return { token, secretHash: hashSecret(secret) };
}

export function parseKeepToken(token: string): KeepToken | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, sweep, memberId, secret] = match as unknown as [string, string, string, string];
  return { sweepId: Buffer.from(sweep, 'base64url').toString('utf8'), memberId, secret };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** The page that asks for the button press; the console's static files serve it. */
export function keepLinkUrl(consoleUrl: string, token: string): string {
  return `${new URL('console/keep.html', consoleUrl.endsWith('/') ? consoleUrl : `${consoleUrl}/`)}#${token}`;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

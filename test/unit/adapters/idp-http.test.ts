import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../../functions/adapters/idp/idp-http.ts';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('retryAfterSeconds (how long the IdP asked Lanyard to wait)', () => {
  it('reads Retry-After in seconds (Graph, SCIM) and as an HTTP date', () => {
    expect(retryAfterSeconds(headers({ 'retry-after': '7' }), NOW)).toBe(7);
    expect(retryAfterSeconds(headers({ 'retry-after': 'Sun, 22 Nov 2026 12:00:30 GMT' }), NOW)).toBe(30);
  });

  it("reads Okta's X-Rate-Limit-Reset (epoch seconds) and Atlassian's X-RateLimit-Reset (ISO-8601)", () => {
    expect(retryAfterSeconds(headers({ 'x-rate-limit-reset': String(NOW / 1000 + 12) }), NOW)).toBe(12);
    expect(retryAfterSeconds(headers({ 'x-ratelimit-reset': '2026-11-22T12:01:00Z' }), NOW)).toBe(60);
  });

  it('never answers a negative wait, and undefined when the provider said nothing', () => {
    expect(retryAfterSeconds(headers({ 'x-rate-limit-reset': String(NOW / 1000 - 5) }), NOW)).toBe(0);
    expect(retryAfterSeconds(headers({}), NOW)).toBeUndefined();
    expect(retryAfterSeconds(headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
  });
});

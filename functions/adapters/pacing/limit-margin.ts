/**
 * A pacer counts each request until its response, so latency cannot push two requests into one of
 * a provider's windows; this small margin on the window covers clock granularity and the
 * provider's own rounding.
 */
export function withMargin(limit: { max: number; windowMs: number }): { max: number; windowMs: number } {
  return { max: limit.max, windowMs: limit.windowMs + Math.max(limit.windowMs * 0.005, 5) };
}

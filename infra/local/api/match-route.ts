/**
 * API Gateway HTTP API route selection: the most specific match wins — a literal segment over a
 * `{param}`, a `{param}` over a greedy `{proxy+}`, an exact method over ANY — and `$default`
 * takes what nothing else matches.
 */
import type { HttpRoute } from '../template/read-http-routes.ts';

export interface MatchedRoute {
  route: HttpRoute;
  pathParameters: Record<string, string>;
}

export function matchRoute(routes: HttpRoute[], method: string, path: string): MatchedRoute | null {
  const requested = segments(path);
  let best: { match: MatchedRoute; score: number[] } | null = null;
  for (const route of routes) {
    if (route.path === '$default') continue;
    if (route.method !== 'ANY' && route.method !== method) continue;
    const found = matchPath(segments(route.path), requested);
    if (!found) continue;
    const score = [...found.score, route.method === 'ANY' ? 0 : 1];
    if (best === null || compare(score, best.score) > 0)
      best = { match: { route, pathParameters: found.params }, score };
  }
  if (best) return best.match;
  const fallback = routes.find((r) => r.path === '$default');
  return fallback ? { route: fallback, pathParameters: {} } : null;
}

/**
 * The first path segment whose percent-encoding does not decode (`%ff`, `%zz`, a lone `%`), or
 * null. The API server answers such a path 400 before matching it.
 */
export function undecodableSegment(path: string): string | null {
  for (const segment of segments(path)) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/** A segment as a path parameter; one that does not decode is kept as sent (never a throw). */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchPath(pattern: string[], actual: string[]) {
  const params: Record<string, string> = {};
  const score: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] as string;
    const greedy = /^\{(.+)\+\}$/.exec(part);
    if (greedy?.[1]) {
      if (i !== pattern.length - 1 || actual.length <= i) return null;
      params[greedy[1]] = actual.slice(i).map(decode).join('/');
      score.push(0);
      return { params, score };
    }
    const value = actual[i];
    if (value === undefined) return null;
    const param = /^\{(.+)\}$/.exec(part);
    if (param?.[1]) {
      params[param[1]] = decode(value);
      score.push(1);
    } else if (part === value) score.push(2);
    else return null;
  }
  return actual.length === pattern.length ? { params, score } : null;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../infra/local/api/match-route.ts';
import type { HttpRoute } from '../../../infra/local/template/read-http-routes.ts';

const route = (routeKey: string): HttpRoute => {
  const [method = '', path = ''] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ');
  return { routeKey, method, path, functionLogicalId: routeKey, authorized: false };
};
const routes = [
  'ANY /admin/{proxy+}',
  'GET /admin/openapi.json',
  'GET /',
  'GET /console/{file}',
  'POST /hr/events',
].map(route);

describe('matchRoute (API Gateway HTTP API selection)', () => {
  it('prefers literal over greedy, exact method over ANY, and fills path parameters', () => {
    expect(matchRoute(routes, 'GET', '/admin/openapi.json')?.route.routeKey).toBe('GET /admin/openapi.json');
    expect(matchRoute(routes, 'POST', '/admin/openapi.json')?.route.routeKey).toBe('ANY /admin/{proxy+}');
    expect(matchRoute(routes, 'POST', '/admin/approvals/a%201/approve')).toMatchObject({
      route: { routeKey: 'ANY /admin/{proxy+}' },
      pathParameters: { proxy: 'approvals/a 1/approve' },
    });
    expect(matchRoute(routes, 'GET', '/console/app.js')?.pathParameters).toEqual({ file: 'app.js' });
    expect(matchRoute(routes, 'GET', '/')?.route.routeKey).toBe('GET /');
  });

  it('matches nothing it should not: other methods, deeper paths, a bare greedy prefix', () => {
    expect(matchRoute(routes, 'GET', '/hr/events')).toBeNull();
    expect(matchRoute(routes, 'GET', '/console/a/b.js')).toBeNull();
    expect(matchRoute(routes, 'GET', '/admin')).toBeNull();
    expect(matchRoute([...routes, route('$default')], 'GET', '/elsewhere')?.route.routeKey).toBe('$default');
  });
});

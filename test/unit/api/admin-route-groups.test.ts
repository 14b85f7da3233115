/**
 * The admin API is four functions behind one API Gateway (infra/api-catalog.ts). API Gateway picks
 * the function by the most specific route; each function's app knows only its own routes. Every
 * documented route must therefore reach, through the catalog's routes, the function that
 * registers it — or it answers 404 on AWS and locally alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AdminApp } from '../../../functions/api/admin/admin-app.ts';
import { API_FUNCTIONS } from '../../../infra/api-catalog.ts';
import { matchRoute } from '../../../infra/local/api/match-route.ts';
import type { HttpRoute } from '../../../infra/local/template/read-http-routes.ts';

const gatewayRoutes: HttpRoute[] = API_FUNCTIONS.flatMap((fn) =>
  fn.api.routes.map((route) => ({
    routeKey: `${route.method} ${route.path}`,
    method: route.method,
    path: route.path,
    functionLogicalId: fn.id,
    authorized: route.authorized,
  })),
);

const adminFunctions = await Promise.all(
  API_FUNCTIONS.filter((fn) => fn.api.admin).map(async (fn) => ({
    id: fn.id,
    app: ((await import(pathToFileURL(path.resolve(fn.entry)).href)) as { app: AdminApp }).app,
  })),
);

/** A concrete path for a documented one: `/admin/runs/{runId}` → `/admin/runs/p1`. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'p1');

describe('admin functions and their routes', () => {
  it('sends every documented route to the function that registers it', () => {
    for (const { id, app } of adminFunctions) {
      expect(app.documented.length, id).toBeGreaterThan(0);
      for (const route of app.documented) {
        const matched = matchRoute(gatewayRoutes, route.method.toUpperCase(), concrete(route.path));
        expect(matched?.route.functionLogicalId, `${route.method} ${route.path}`).toBe(id);
      }
    }
  });

  it('documents each route once, and the OpenAPI document has all of them', () => {
    const registered = adminFunctions.flatMap(({ app }) =>
      app.documented.map((r) => `${r.method.toUpperCase()} ${r.path}`),
    );
    expect(new Set(registered).size).toBe(registered.length);
    const document = JSON.parse(readFileSync('functions/api/console/openapi.json', 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(registered.sort()).toEqual(documented.sort());
  });

  it('leaves to the catch-all only what no other admin function claims', () => {
    // A path of another function, one level deeper than any of its routes, still reaches it.
    expect(matchRoute(gatewayRoutes, 'GET', '/admin/sweeps/s1/members')?.route.functionLogicalId).toBe(
      'admin-exports-api',
    );
    expect(matchRoute(gatewayRoutes, 'GET', '/admin/runs')?.route.functionLogicalId).toBe('admin-api');
    expect(matchRoute(gatewayRoutes, 'GET', '/admin/seatsx')?.route.functionLogicalId).toBe('admin-api');
  });
});

/**
 * What the admin API's schemas and routes need beside zod: `createRoute`, and `.openapi()` on zod's
 * schemas — every module that defines a schema with it imports this one first. `.openapi()` names and
 * describes a schema for the OpenAPI document, which is built at build time (`npm run openapi`,
 * infra/admin-openapi.ts: it installs zod-to-openapi's own `.openapi()` before any schema
 * exists). In the functions `.openapi()` returns the schema itself: what it adds is documentation,
 * never validation, so the document's generator (zod-to-openapi and zod's JSON-schema code, about
 * 130 kB) stays out of the admin bundle.
 */
import type {} from '@asteasolutions/zod-to-openapi'; // declares `.openapi()` on zod's schema types
import type { RouteConfig } from '@hono/zod-openapi';
import * as z from 'zod';

const prototype = z.ZodType.prototype as { openapi?: unknown };
prototype.openapi ??= function documentationOnly(this: z.ZodType) {
  return this;
};

// Modules import zod themselves (`import * as z from 'zod'`): a `z` passed on from here would be
// bundled whole (≈ 90 kB more), where a namespace import keeps only what is used.

/** A route of the admin API: its path, method, schemas and documentation (admin-router.ts runs it). */
export const createRoute = <P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(
  route: R,
): R => route;

/** A response (or body) of JSON with this schema, as a route declares it. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

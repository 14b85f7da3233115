import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type AdminApp, OPENAPI_FILE, OPENAPI_PATH } from '../admin-app.ts';

/** The document, read once per cold start; public like the console's files (it holds no data). */
export function registerOpenApiDocumentRoute(app: AdminApp, dir: string): void {
  let document: Promise<string> | undefined;
  app.get(OPENAPI_PATH, async (c) => {
    document ??= readFile(path.join(dir, OPENAPI_FILE), 'utf8').catch((error: unknown) => {
      document = undefined; // a missing file is reported (500, logged), not cached
      throw error;
    });
    return c.body(await document, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}

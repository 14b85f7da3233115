/**
 * The console's static files: `/` is its page, `/console/<file>` the rest. Public (they hold no
 * data; every call the page makes is authenticated) and read from disk once per cold start.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiDependencies } from '../../../composition/api-dependencies.ts';
import type { AdminApp } from '../admin-app.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Scripts and styles only from the console itself; no inline script, no framing. The page may
 * call the API and, on AWS, the hosted sign-in's token endpoint (code exchange) — nothing else.
 */
function securityHeaders(loginUrl: string | null): Record<string, string> {
  const connect = loginUrl ? `'self' ${new URL(loginUrl).origin}` : "'self'";
  return {
    'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

export function registerConsoleRoutes(
  app: AdminApp,
  consoleDir: string,
  dependencies: () => Promise<ApiDependencies>,
): void {
  const cache = new Map<string, Promise<string | null>>();
  const load = (file: string) => {
    let content = cache.get(file);
    if (!content) {
      content = readFile(path.join(consoleDir, file), 'utf8').catch(() => null);
      cache.set(file, content);
    }
    return content;
  };
  const serve = async (file: string) => {
    const type = TYPES[path.extname(file)];
    // Plain names only: no directories, no dot files, nothing outside the console folder.
    if (!type || !/^[a-z0-9][a-z0-9.-]*$/i.test(file)) return null;
    const content = await load(file);
    return content === null ? null : { content, type };
  };

  // Where the console sends people to sign in on AWS (Cognito hosted UI); null locally (token login).
  app.get('/console/settings.json', async (c) => {
    const deps = await dependencies();
    return c.json({ loginUrl: deps.api.consoleLoginUrl, auth: deps.api.adminAuth.mode });
  });
  app.get('/', async (c) => {
    const file = await serve('index.html');
    if (!file) return c.text('The console files are missing from this deployment', 500);
    const { api } = await dependencies();
    return c.body(file.content, 200, { 'Content-Type': file.type, ...securityHeaders(api.consoleLoginUrl) });
  });
  app.get('/console/:file', async (c) => {
    const file = await serve(c.req.param('file'));
    if (!file) return c.json({ error: 'not-found', message: `No console file ${c.req.param('file')}` }, 404);
    const { api } = await dependencies();
    return c.body(file.content, 200, {
      'Content-Type': file.type,
      'Cache-Control': 'no-cache',
      ...securityHeaders(api.consoleLoginUrl),
    });
  });
}

/**
 * The admin API's OpenAPI document is built at build time (infra/admin-openapi.ts) and committed
 * beside the console's files; the functions serve it as it is. This fails when a route or schema
 * changed and the document was not built again.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

it('is the document the routes describe (else: npm run openapi)', () => {
  // Its own process: the generator must extend zod before any of the API's schemas exists.
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'infra/admin-openapi.ts', '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 120_000);

/**
 * The dependency rule (STYLE.md: handlers thin, the core pure) as the linter enforces it: a probe
 * file in each layer imports what that layer must not, and biome — with the project's own
 * biome.json — must refuse every such import. (A later override once replaced the core's rule,
 * so it never fired: this test fails if that happens again.)
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The restricted-import diagnostics biome reports for `source` placed at `where` (repo-relative). */
function refusedImports(where: string, source: string): number[] {
  const file = path.join(root, where);
  writeFileSync(file, source);
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/@biomejs/biome/bin/biome'), 'lint', '--reporter=json', where],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const report = JSON.parse(run.stdout) as {
      diagnostics: Array<{ category: string; location: { start: { line: number } } }>;
    };
    return report.diagnostics
      .filter((d) => d.category === 'lint/style/noRestrictedImports')
      .map((d) => d.location.start.line)
      .sort((a, b) => a - b);
  } finally {
    rmSync(file, { force: true });
  }
}

const probe = (imports: string[]) =>
  `${imports.map((from, i) => `import * as m${i} from '${from}';`).join('\n')}\nexport const all = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`;

describe('the dependency rule', () => {
  it('keeps the core pure: no AWS SDK, Powertools, Node I/O, adapters, runtime, handlers or infra', () => {
    const refused = refusedImports(
      `functions/core/probe-${process.pid}.ts`,
      probe([
        '@aws-sdk/client-dynamodb',
        '@aws-lambda-powertools/logger',
        'node:fs',
        '../adapters/dynamodb/record-table.ts',
        '../runtime/config.ts',
        '../handlers/sweep/guard-reclaims.ts',
        '../../infra/step-catalog.ts',
        // Allowed: ports, other core modules, and hashing.
        '../ports/clock.ts',
        './errors.ts',
        'node:crypto',
      ]),
    );
    expect(refused).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the CDK app and the local runtime out of everything under functions/', () => {
    const refused = refusedImports(
      `functions/adapters/probe-${process.pid}.ts`,
      probe(['../../infra/step-catalog.ts', '@aws-sdk/client-dynamodb', '../ports/clock.ts']),
    );
    expect(refused).toEqual([1]);
  });
});

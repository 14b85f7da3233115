/**
 * The dependency rule as the linter reports it in an editor (the architecture test beside this one,
 * dependency-rule.test.ts, is the complete check): a probe file in each area imports what that
 * area must not, and biome — with the project's own biome.json — must refuse every such import and
 * nothing else. Biome gives a file that several overrides match the rule options of the last one
 * only (the options are replaced, not merged: a later functions/** override once silenced the
 * core's rule), so each area's override repeats the functions-wide ban on infra/ and this test
 * fails if an override stops applying.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// The probes are linted in a scratch tree holding only the project's biome.json (its VCS settings
// off: no repository there), never written into functions/, which the architecture test may be
// reading at the same time.
const scratch = mkdtempSync(path.join(tmpdir(), 'lanyard-biome-probe-'));
copyFileSync(path.join(root, 'biome.json'), path.join(scratch, 'biome.json'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The lines of `source` whose import biome refuses (noRestrictedImports) when the file is at `where`. */
function refusedImports(where: string, source: string): number[] {
  const file = path.join(scratch, where);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/@biomejs/biome/bin/biome'),
      'lint',
      '--vcs-enabled=false',
      '--reporter=json',
      where,
    ],
    { cwd: scratch, encoding: 'utf8' },
  );
  const report = JSON.parse(run.stdout) as {
    diagnostics: Array<{ category: string; location: { start: { line: number } } }>;
  };
  return report.diagnostics
    .filter((d) => d.category === 'lint/style/noRestrictedImports')
    .map((d) => d.location.start.line)
    .sort((a, b) => a - b);
}

const probe = (imports: string[]) =>
  `${imports.map((from, i) => `import * as m${i} from '${from}';`).join('\n')}\nexport const all = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`;

// Each probe spawns biome (about a second, several on a loaded machine).
describe('the dependency rule as biome reports it', { timeout: 60_000 }, () => {
  it('keeps the core pure: no AWS SDK, Powertools, Node I/O, randomness, adapters, composition, handlers, api or infra', () => {
    const refused = refusedImports(
      `functions/core/probe.ts`,
      probe([
        '@aws-sdk/client-dynamodb',
        '@aws-lambda-powertools/logger',
        'node:fs',
        '../adapters/dynamodb/record-table.ts',
        '../composition/config.ts',
        '../handlers/sweep/guard-reclaims.ts',
        '../../infra/step-catalog.ts',
        '../api/admin/admin-app.ts',
        // Allowed: ports, other core modules, contracts, the vocabulary.
        '../ports/clock.ts',
        './errors.ts',
        '../contracts/hr-event.ts',
        './model/onboarding-paths.ts',
      ]),
    );
    expect(refused).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('lets the core hash with node:crypto but not draw random values from it', () => {
    const file = `functions/core/probe.ts`;
    const refused = refusedImports(
      file,
      [
        "import { createHash, timingSafeEqual } from 'node:crypto';",
        "import { randomUUID } from 'node:crypto';",
        "import * as crypto from 'node:crypto';",
        'export const all = [createHash, timingSafeEqual, randomUUID, crypto];',
        '',
      ].join('\n'),
    );
    expect(refused).toEqual([2, 3]);
  });

  it('keeps core/model a leaf, ports and contracts below the core, adapters off the use cases, handlers off the adapters', () => {
    expect(
      refusedImports(
        `functions/core/model/probe.ts`,
        probe(['zod', '../errors.ts', '../../ports/clock.ts', './onboarding-paths.ts']),
      ),
    ).toEqual([1, 2, 3]);
    expect(
      refusedImports(
        `functions/ports/probe.ts`,
        probe([
          '../adapters/dynamodb/record-table.ts',
          '../handlers/sweep/guard-reclaims.ts',
          './clock.ts',
          '../core/errors.ts',
        ]),
      ),
    ).toEqual([1, 2]);
    expect(
      refusedImports(
        `functions/contracts/probe.ts`,
        probe([
          '../core/onboarding-decision.ts',
          '../composition/config.ts',
          '../core/model/onboarding-paths.ts',
          'zod',
        ]),
      ),
    ).toEqual([1, 2]);
    expect(
      refusedImports(
        `functions/adapters/probe.ts`,
        probe([
          '../core/onboarding/grant-seat.ts',
          '../api/admin/admin-app.ts',
          '../../infra/step-catalog.ts',
          '../core/errors.ts',
          '../core/model/guard-kind.ts',
          '../ports/clock.ts',
        ]),
      ),
    ).toEqual([1, 2, 3]);
    expect(
      refusedImports(
        `functions/handlers/probe.ts`,
        probe(['../adapters/dynamodb/record-table.ts', '../composition/define-step.ts']),
      ),
    ).toEqual([1]);
  });

  it('keeps the CDK app and the local runtime out of everything under functions/', () => {
    const refused = refusedImports(
      `functions/composition/probe.ts`,
      probe(['../../infra/step-catalog.ts', '@aws-sdk/client-dynamodb', '../ports/clock.ts']),
    );
    expect(refused).toEqual([1]);
  });
});

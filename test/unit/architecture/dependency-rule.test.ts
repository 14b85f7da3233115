/**
 * The dependency rule (STYLE.md §2), enforced on every import — static, re-export, type-only and
 * dynamic `import()` — of every .ts file in the repository:
 * - functions/core → only core, contracts, ports, and the pure packages of {@link CORE_PACKAGES};
 *   core/model (the vocabulary) → only core/model.
 * - functions/ports → only core, contracts, ports: interfaces in the core's language.
 * - functions/adapters → of the core, only its named errors and its vocabulary (core/errors.ts,
 *   core/model/): never a use case. Never a handler or the HTTP edge.
 * - functions/contracts → never the core (but core/model), adapters, handlers, api or composition.
 * - functions/handlers → never an adapter: only composition/ composes them.
 * - nothing under functions/ → infra/.
 * - infra/local → of functions/, only the public modules of {@link PUBLIC_FOR_LOCAL}.
 * A failure names the file, the line, the import and the rule it breaks. (biome.json carries the
 * same rules as restricted imports, for the editor; this test is the one that cannot be skipped.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ImportRef, importsOf } from '../../support/import-scanner.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Packages the core may import. Each is pure computation — no I/O, no clock, no randomness — so a
 * use case stays a function of its input and its ports. Nothing else: no AWS SDK, no Powertools,
 * no HTTP client, no node:fs.
 */
const CORE_PACKAGES: Record<string, string> = {
  zod: 'validates values the core is handed; a schema is data',
  'csv-parse/sync': 'CSV text → rows in memory (the sync entry only: no streams)',
  'csv-stringify/sync': 'rows → CSV text in memory (the sync entry only)',
  'p-limit': 'caps how many of the given promises run at once; schedules, does no I/O of its own',
};

/**
 * The node:crypto functions the core may import, by name: deterministic and without state.
 * Hashing stays a plain import rather than a port because its results are identities (an HR
 * event's content hash, a CSV import's id, a keep link's stored hash) that must be the same in
 * every process and every test: a swappable hash would only make them differ. Randomness is not
 * here: random ids and secrets come through the Randomness port (ports/randomness.ts), as time
 * comes through the Clock.
 */
const CORE_CRYPTO: Record<string, string> = {
  createHash: 'SHA-256 of content: content-derived ids and stored secret hashes',
  timingSafeEqual: 'constant-time comparison of two hashes',
};

/**
 * What infra/local may import from functions/: the modules functions/ offers to its hosts, not its
 * insides. A path ending in / stands for the whole folder.
 */
const PUBLIC_FOR_LOCAL: Record<string, string> = {
  'functions/handlers/':
    'the Lambda entry points, the modules NodejsFunction bundles (lambda-host loads them by path)',
  'functions/contracts/': 'wire shapes: what crosses a process edge (the CLI signs and posts HR events)',
  'functions/core/model/': 'the vocabulary, with no code behind it',
  'functions/composition/config-keys.ts':
    'the environment names the functions read; CDK and the local stack set the same',
  'functions/composition/admin-token-hash.ts':
    'how ADMIN_TOKENS stores a token, for the local stack that writes it',
  'functions/composition/dependencies.ts':
    'resetDependencies: the host drops the cached composition after it sets the environment',
  'functions/composition/aws-clients.ts':
    'runAsFunction and the access key prefix: the identity the local Lambda host signs each invocation with and the local IAM check reads',
  'functions/composition/powertools.ts': "the functions' logger, whose level npm start sets",
  'functions/ports/identity-provider.ts':
    'IdpKinds: which IdPs exist, for the simulators (vocabulary in a port file until issue 13 moves it to core/model)',
};

/** Computed `import(expression)`s, which no rule can read: each says what it can load. */
const COMPUTED_IMPORTS: Record<string, string> = {
  'infra/local/runtime/lambda-host.ts':
    'the handler module of a function-map entry: stepEntryPath() of infra/step-catalog.ts, always under functions/handlers/',
};

/**
 * Imports that break the rule today, each with the issue that removes it. Never grow this list to
 * make the test pass: fix the import. An entry that no longer matches fails the test.
 */
const KNOWN_VIOLATIONS: Array<{ file: string; imports: string; issue: number; why: string }> = [];

type Target = { kind: 'path'; path: string } | { kind: 'package'; name: string } | { kind: 'computed' };

interface Rule {
  name: string;
  applies(file: string): boolean;
  /** Why importing `target` breaks the rule, or null when it may. */
  refuses(target: Target, ref: ImportRef): string | null;
}

const under = (p: string, ...folders: string[]) => folders.some((f) => p.startsWith(`${f}/`));

const RULES: Rule[] = [
  {
    name: 'functions-without-infra',
    applies: (file) => under(file, 'functions'),
    refuses: (t) =>
      t.kind === 'path' && under(t.path, 'infra')
        ? 'nothing under functions/ imports the CDK app or the local runtime'
        : null,
  },
  {
    name: 'core-is-pure',
    applies: (file) => under(file, 'functions/core') && !under(file, 'functions/core/model'),
    refuses(t, ref) {
      if (t.kind === 'path')
        return under(t.path, 'functions/core', 'functions/contracts', 'functions/ports')
          ? null
          : 'the core imports only core/, contracts/ and ports/: reach the outside world through a port';
      if (t.kind === 'package' && t.name === 'node:crypto') {
        const names = ref.names ?? ['(all of it)'];
        const other = names.filter((n) => !(n in CORE_CRYPTO));
        return other.length === 0
          ? null
          : `of node:crypto the core may use only ${Object.keys(CORE_CRYPTO).join(', ')} (deterministic); ${other.join(', ')} must come through a port (randomness: ports/randomness.ts)`;
      }
      if (t.kind === 'package')
        return t.name in CORE_PACKAGES
          ? null
          : `the core may import only the pure packages ${Object.keys(CORE_PACKAGES).join(', ')}: I/O goes through a port`;
      return 'the core imports nothing computed';
    },
  },
  {
    name: 'model-is-a-leaf',
    applies: (file) => under(file, 'functions/core/model'),
    refuses: (t) =>
      t.kind === 'path' && under(t.path, 'functions/core/model')
        ? null
        : 'core/model is the vocabulary everyone may import, so it imports nothing but itself',
  },
  {
    name: 'ports-speak-core',
    applies: (file) => under(file, 'functions/ports'),
    refuses: (t) =>
      t.kind === 'path' && under(t.path, 'functions/core', 'functions/contracts', 'functions/ports')
        ? null
        : "ports are interfaces in the core's language: they import only core/, contracts/ and ports/ (never an adapter or a handler)",
  },
  {
    name: 'adapters-without-use-cases',
    applies: (file) => under(file, 'functions/adapters'),
    refuses(t) {
      if (t.kind !== 'path') return null;
      if (under(t.path, 'functions/handlers', 'functions/api'))
        return 'adapters are driven by the core; handlers and the HTTP edge drive it';
      if (
        under(t.path, 'functions/core') &&
        t.path !== 'functions/core/errors.ts' &&
        !under(t.path, 'functions/core/model')
      )
        return 'an adapter may import of the core only its named errors (core/errors.ts) and its vocabulary (core/model/): never a use case; an inbound adapter belongs at the edge (functions/api/)';
      return null;
    },
  },
  {
    name: 'contracts-below-core',
    applies: (file) => under(file, 'functions/contracts'),
    refuses(t) {
      if (t.kind !== 'path') return null;
      if (under(t.path, 'functions/core') && !under(t.path, 'functions/core/model'))
        return 'the core imports contracts, not the other way round: shared vocabulary lives in core/model/';
      if (under(t.path, 'functions/adapters', 'functions/handlers', 'functions/api', 'functions/composition'))
        return 'contracts are wire shapes: they import no adapter, handler, edge or composition';
      return null;
    },
  },
  {
    name: 'handlers-without-adapters',
    applies: (file) => under(file, 'functions/handlers'),
    refuses: (t) =>
      t.kind === 'path' && under(t.path, 'functions/adapters')
        ? 'a handler gets its ports from composition/ (the composition root), never an adapter directly'
        : null,
  },
  {
    name: 'local-runtime-uses-public-entry-points',
    applies: (file) => under(file, 'infra/local'),
    refuses(t) {
      if (t.kind !== 'path' || !under(t.path, 'functions')) return null;
      const isPublic = Object.keys(PUBLIC_FOR_LOCAL).some((p) =>
        p.endsWith('/') ? t.path.startsWith(p) : t.path === p,
      );
      return isPublic
        ? null
        : 'infra/local imports of functions/ only its public entry points (PUBLIC_FOR_LOCAL in this test says which, and why)';
    },
  },
];

interface Violation {
  file: string;
  line: number;
  imports: string;
  rule: string;
  message: string;
}

function targetOf(file: string, ref: ImportRef): Target {
  if (ref.specifier === null) return { kind: 'computed' };
  if (ref.specifier.startsWith('.'))
    return {
      kind: 'path',
      path: path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.specifier)),
    };
  return { kind: 'package', name: ref.specifier };
}

/** The imports of `files` (repo-relative path → source) that break a rule. */
function violationsIn(files: Record<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of Object.entries(files)) {
    const rules = RULES.filter((r) => r.applies(file));
    if (rules.length === 0) continue;
    for (const ref of importsOf(source)) {
      const imports = ref.specifier ?? `import(${ref.expression})`;
      if (ref.specifier === null) {
        if (!(file in COMPUTED_IMPORTS))
          violations.push({
            file,
            line: ref.line,
            imports,
            rule: 'imports-are-readable',
            message:
              'a computed import() cannot be checked: import a literal path, or list it in COMPUTED_IMPORTS with what it loads',
          });
        continue;
      }
      for (const rule of rules) {
        const why = rule.refuses(targetOf(file, ref), ref);
        if (why !== null) violations.push({ file, line: ref.line, imports, rule: rule.name, message: why });
      }
    }
  }
  return violations;
}

const describeViolation = (v: Violation) =>
  `${v.file}:${v.line} imports '${v.imports}': breaks ${v.rule} (${v.message})`;

const SKIPPED = new Set(['node_modules', '.git', 'cdk.out', '.lanyard', 'results']);

function sourceFiles(dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(rel));
    else if (/\.m?ts$/.test(entry.name)) files.push(rel);
  }
  return files;
}

describe('the dependency rule', () => {
  it('holds for every import of every .ts file', () => {
    const files = Object.fromEntries(sourceFiles().map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    expect(Object.keys(files).filter((f) => under(f, 'functions/core')).length).toBeGreaterThan(50);
    const found = violationsIn(files);
    const known = (v: Violation) =>
      KNOWN_VIOLATIONS.some((k) => k.file === v.file && k.imports === v.imports);
    expect(found.filter((v) => !known(v)).map(describeViolation)).toEqual([]);
    const stale = KNOWN_VIOLATIONS.filter(
      (k) => !found.some((v) => v.file === k.file && v.imports === k.imports),
    );
    expect(stale, 'allow-listed violations that no longer occur: remove them from KNOWN_VIOLATIONS').toEqual(
      [],
    );
  });

  it('loads by computed path only handler modules: every catalog entry is under functions/handlers/', () => {
    const entries = ['infra/step-catalog.ts', 'infra/api-catalog.ts'].flatMap((file) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(/\bentry: '([^']+)'/g)].map((m) => m[1]),
    );
    expect(entries.length).toBeGreaterThan(40);
    expect(entries.filter((entry) => !entry?.startsWith('functions/handlers/'))).toEqual([]);
  });

  it('reads every form of import, and none written in a comment, string or template', () => {
    const refs = importsOf(
      [
        "import type { Clock } from '../ports/clock.ts';",
        "import Default, { a, type B as C } from 'pkg-a';",
        "import * as ns from 'pkg-b';",
        "import 'side-effect';",
        "export { x } from './x.ts';",
        "export type { Y } from './y.ts';",
        "export * as all from './all.ts';",
        'export { local };',
        "const lazy = await import('node:fs');",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
        'const computed = await import(`./${name}.ts`);',
        "// import { fake } from 'commented';",
        "/* import('also-commented') */",
        'const text = "import { z } from \'in-a-string\'";',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
        "const tpl = `import('in-a-template') ${import('inside-a-template-expression')}`;",
        "const re = /import('in-a-regex')/;",
        'console.log(import.meta.url);',
      ].join('\n'),
    );
    expect(refs.map((r) => [r.specifier, r.kind, r.typeOnly, r.names, r.line])).toEqual([
      ['../ports/clock.ts', 'static', true, ['Clock'], 1],
      ['pkg-a', 'static', false, ['default', 'a', 'B'], 2],
      ['pkg-b', 'static', false, ['*'], 3],
      ['side-effect', 'static', false, null, 4],
      ['./x.ts', 're-export', false, ['x'], 5],
      ['./y.ts', 're-export', true, ['Y'], 6],
      ['./all.ts', 're-export', false, ['*'], 7],
      ['node:fs', 'dynamic', false, null, 9],
      [null, 'dynamic', false, null, 10],
      ['inside-a-template-expression', 'dynamic', false, null, 14],
    ]);
  });

  it('fails naming the file, the import and the rule broken', () => {
    const found = violationsIn({
      'functions/core/sweep/probe.ts': [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { randomUUID, createHash } from 'node:crypto';",
        "import { RecordTable } from '../../adapters/dynamodb/record-table.ts';",
        "import { SweepModes } from '../../core/model/sweep-vocabulary.ts';",
        "import * as z from 'zod';",
        "const fs = await import('node:fs');",
      ].join('\n'),
      'functions/ports/probe.ts':
        "import type { X } from '../adapters/x.ts';\nimport type { H } from '../handlers/h.ts';",
      'functions/adapters/probe.ts': [
        "import { SeatsExhaustedError } from '../core/errors.ts';",
        "import { grantSeat } from '../core/onboarding/grant-seat.ts';",
      ].join('\n'),
      'functions/contracts/probe.ts': "export { OnboardingPaths } from '../core/onboarding-decision.ts';",
      'infra/local/probe.ts': [
        "import { handler } from '../../functions/handlers/onboarding/grant-seat.ts';",
        "import { createAdminApp } from '../../functions/api/admin/admin-app.ts';",
      ].join('\n'),
    });
    expect(found.map(describeViolation)).toEqual([
      expect.stringMatching(
        /^functions\/core\/sweep\/probe\.ts:1 imports '@aws-sdk\/client-dynamodb': breaks core-is-pure/,
      ),
      expect.stringMatching(
        /^functions\/core\/sweep\/probe\.ts:2 imports 'node:crypto': breaks core-is-pure .*randomUUID must come through a port/,
      ),
      expect.stringMatching(
        /^functions\/core\/sweep\/probe\.ts:3 imports '\.\.\/\.\.\/adapters\/dynamodb\/record-table\.ts': breaks core-is-pure/,
      ),
      expect.stringMatching(/^functions\/core\/sweep\/probe\.ts:6 imports 'node:fs': breaks core-is-pure/),
      expect.stringMatching(
        /^functions\/ports\/probe\.ts:1 imports '\.\.\/adapters\/x\.ts': breaks ports-speak-core/,
      ),
      expect.stringMatching(
        /^functions\/ports\/probe\.ts:2 imports '\.\.\/handlers\/h\.ts': breaks ports-speak-core/,
      ),
      expect.stringMatching(
        /^functions\/adapters\/probe\.ts:2 imports '\.\.\/core\/onboarding\/grant-seat\.ts': breaks adapters-without-use-cases/,
      ),
      expect.stringMatching(
        /^functions\/contracts\/probe\.ts:1 imports '\.\.\/core\/onboarding-decision\.ts': breaks contracts-below-core/,
      ),
      expect.stringMatching(
        /^infra\/local\/probe\.ts:2 imports '\.\.\/\.\.\/functions\/api\/admin\/admin-app\.ts': breaks local-runtime-uses-public-entry-points/,
      ),
    ]);
  });
});

/**
 * Error names are a contract (Step Functions matches Retry/Catch on them; run records and notices
 * carry them), and the Lambda bundles are minified without esbuild's `keepNames`. So every error
 * class of functions/ must carry its own name as a literal: this builds each module that declares
 * one the way a function is built (bundled, minified, names not kept), imports it, and checks that
 * each error it exports is still called by its class's name.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorNames } from '../../../functions/core/errors.ts';

const root = path.resolve(import.meta.dirname, '../../..');
/** The abstract base: never thrown, so it has no name of its own. */
const ABSTRACT = new Set(['LanyardError']);

async function modulesDeclaringErrors(): Promise<string[]> {
  const files = (await readdir(path.join(root, 'functions'), { recursive: true }))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join('functions', file).split(path.sep).join('/'));
  const declaring: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(root, file), 'utf8');
    if (/\bclass \w+ extends \w*Error\b/.test(text)) declaring.push(file);
  }
  return declaring.sort();
}

type ErrorClass = new (...args: unknown[]) => Error;

function errorClassesOf(module: Record<string, unknown>): Array<[string, ErrorClass]> {
  return Object.entries(module).filter(
    (entry): entry is [string, ErrorClass] =>
      typeof entry[1] === 'function' && entry[1].prototype instanceof Error && !ABSTRACT.has(entry[0]),
  );
}

let outdir: string;
let files: string[];

beforeAll(async () => {
  outdir = await mkdtemp(path.join(os.tmpdir(), 'lanyard-error-names-'));
  files = await modulesDeclaringErrors();
});

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('error names in a minified bundle', () => {
  it('finds the modules that declare errors (the scan itself works)', () => {
    expect(files).toContain('functions/core/errors.ts');
    expect(files).toContain('functions/ports/request-pacer.ts');
  });

  // Builds every module that declares an error (esbuild, a few seconds on a loaded machine).
  it('keeps every exported error class named as in the source', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [index, file] of files.entries()) {
      const outfile = path.join(outdir, `m${index}.mjs`);
      await build({
        entryPoints: [path.join(root, file)],
        outfile,
        bundle: true,
        minify: true,
        keepNames: false,
        format: 'esm',
        platform: 'node',
        target: 'node22',
        external: ['@aws-sdk/*'],
        alias: { zod: path.join(root, 'functions/composition/zod-bundled/zod.ts') },
        logLevel: 'silent',
      });
      const minified = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
      for (const [exported, ErrorClass] of errorClassesOf(minified)) {
        checked += 1;
        const name = new ErrorClass('message').name;
        if (name !== exported) wrong.push(`${file}: ${exported} is thrown as "${name}"`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('names in ErrorNames every domain error class exactly as the class is called', async () => {
    const source = (await import('../../../functions/core/errors.ts')) as Record<string, unknown>;
    const classNames = new Set(errorClassesOf(source).map(([exported]) => exported));
    const domainNames = Object.values(ErrorNames).filter((name) => name.endsWith('Error'));
    expect(domainNames.filter((name) => !classNames.has(name))).toEqual([]);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as zod from 'zod';
import * as bundled from '../../../functions/composition/zod-bundled/zod.ts';
import { LAMBDA_BUNDLING } from '../../../infra/constructs/step-lambda.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

const functionsCode = sourceFiles(path.join(root, 'functions')).filter(
  (file) => !file.includes(`${path.sep}zod-bundled${path.sep}`),
);

describe('zod as the bundles hold it (functions/composition/zod-bundled)', () => {
  it('is what every function is bundled with', () => {
    expect(LAMBDA_BUNDLING.esbuildArgs['--alias']).toBe('zod=./functions/composition/zod-bundled/zod.ts');
  });

  it('is all of zod, the same values, but its locales', () => {
    // As zod's own entry: the `z` namespace, its members by name, and `z` as the default export.
    const { z, default: asDefault, ...members } = bundled;
    expect(asDefault).toBe(z);
    expect(Object.keys(members).sort()).toEqual(Object.keys(z).sort());
    const { locales, core, ...rest } = z;
    const { locales: _locales, core: zodCore, ...zodRest } = zod.z;
    expect(Object.keys(rest).sort()).toEqual(Object.keys(zodRest).sort());
    for (const [name, value] of Object.entries(zodRest))
      expect(rest[name as keyof typeof rest], name).toBe(value);
    const { locales: coreLocales, ...coreRest } = core;
    const { locales: _coreLocales, ...zodCoreRest } = zodCore;
    expect(Object.keys(coreRest).sort()).toEqual(Object.keys(zodCoreRest).sort());
    for (const [name, value] of Object.entries(zodCoreRest))
      expect(coreRest[name as keyof typeof coreRest], `core.${name}`).toBe(value);
    expect(locales).toEqual({});
    expect(coreLocales).toEqual({});
  });

  it('speaks English without the locales: zod registers it by itself', () => {
    const result = bundled.z.object({ id: bundled.z.string() }).safeParse({ id: 1 });
    expect(result.error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });

  it('holds: nothing Lanyard bundles uses a zod locale', () => {
    const users = functionsCode.filter((file) =>
      /\blocales\b|\bz\.config\(/.test(readFileSync(file, 'utf8')),
    );
    expect(users.map((file) => path.relative(root, file))).toEqual([]);
    // The libraries in the bundles that take zod schemas (the OpenAPI generator is build-time only).
    for (const file of ['node_modules/@hono/zod-validator/dist/index.mjs']) {
      expect(readFileSync(path.join(root, file), 'utf8'), file).not.toMatch(/\blocales\b/);
    }
  });

  it("imports zod as a namespace everywhere, so a bundle keeps only the schemas it uses (`import { z }` takes all of zod's API)", () => {
    // Nor is `z` passed on (`export { z }`): a re-exported namespace is bundled whole.
    const named = functionsCode.filter((file) =>
      /^import \{[^}]*\bz\b[^}]*\} from 'zod';|^export \{[^}]*\bz\b/m.test(readFileSync(file, 'utf8')),
    );
    expect(named.map((file) => path.relative(root, file))).toEqual([]);
  });

  it('leaves the OpenAPI generator out of the functions: schemas and routes take `.openapi()` from openapi-zod.ts', () => {
    const generator = functionsCode.filter((file) =>
      /^import (?!type )[^;]*from '@(hono\/zod-openapi|asteasolutions\/zod-to-openapi)';/m.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(generator.map((file) => path.relative(root, file))).toEqual([]);
  });
});

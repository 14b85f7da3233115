/**
 * Hostile deploy configs (fast-check, seeded: test/support/property-runs.ts). `cdk synth` reads the
 * config before anything is defined; whatever it holds, parseDeployConfig either returns a valid
 * config or throws the one error that names each bad field — never another exception — and
 * pollutes no prototype:
 * - the example config with any one field (leaf or section) replaced by a value of another type;
 * - the example config with a key it does not declare (pollution names included) at any level
 *   (a `__proto__` department is dropped by zod's record parsing, never applied);
 * - any JSON text at all, deeply nested or not an object.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../../infra/deploy-config.ts';
import {
  hostileShortString,
  hostileValue,
  type JsonType,
  POLLUTION_KEYS,
  prototypeKeys,
  wrongTypeFor,
} from '../../support/hostile-arbitraries.ts';
import { propertyParameters, propertyTimeout } from '../../support/property-runs.ts';

const exampleText = readFileSync(new URL('../../../lanyard.config.example.json', import.meta.url), 'utf8');
const example = () => JSON.parse(exampleText) as Record<string, unknown>;
const pristinePrototype = prototypeKeys();

/** Every field of the example below the root, with its path and JSON type (nulls left out). */
function fieldsOf(
  value: unknown,
  path: string[] = [],
): Array<{ path: string[]; type: Exclude<JsonType, null> }> {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = [...path, key];
    const type: JsonType | 'skip' =
      child === null
        ? 'skip'
        : Array.isArray(child)
          ? 'array'
          : typeof child === 'object'
            ? 'object'
            : typeof child === 'number'
              ? 'number'
              : typeof child === 'boolean'
                ? 'boolean'
                : 'string';
    return [...(type === 'skip' || type === null ? [] : [{ path: at, type }]), ...fieldsOf(child, at)];
  });
}

/** The object at `path` of `root` (the root itself for []). */
function objectAt(root: Record<string, unknown>, path: string[]): Record<string, unknown> {
  return path.reduce((node, key) => node[key] as Record<string, unknown>, root);
}

/** The error parseDeployConfig throws for `config`, or null when it accepts it. */
function refusal(config: unknown): string | null {
  try {
    parseDeployConfig(config, 'under test');
    return null;
  } catch (error) {
    expect(error, 'a refusal is the deploy config error, nothing else').toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^The Lanyard deploy config under test is invalid:\n {2}- /);
    return message;
  }
}

describe('a hostile deploy config', () => {
  it(
    'is refused when any one field holds a value of another type, naming the field',
    () => {
      const fields = fieldsOf(example());
      expect(fields.length).toBeGreaterThan(20);
      fc.assert(
        fc.property(
          fc.constantFrom(...fields).chain((field) => fc.tuple(fc.constant(field), wrongTypeFor(field.type))),
          ([field, wrong]) => {
            const config = example();
            const parent = objectAt(config, field.path.slice(0, -1));
            Object.defineProperty(parent, field.path[field.path.length - 1] as string, {
              value: wrong,
              enumerable: true,
              configurable: true,
              writable: true,
            });
            expect(refusal(config), field.path.join('.')).toContain(`- ${field.path.join('.')}:`);
            expect(prototypeKeys()).toEqual(pristinePrototype);
          },
        ),
        propertyParameters(200),
      );
    },
    propertyTimeout(200),
  );

  it(
    'is refused when a section holds a key the config does not declare, naming the key',
    () => {
      const sections = [
        [],
        ...fieldsOf(example())
          .filter((f) => f.type === 'object')
          .map((f) => f.path),
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...sections),
          fc.oneof(fc.constantFrom(...POLLUTION_KEYS), hostileShortString),
          hostileValue,
          (path, key, value) => {
            const config = example();
            const section = objectAt(config, path);
            fc.pre(!Object.hasOwn(section, key));
            // Defined, not assigned: `__proto__` must arrive as a key, as JSON.parse makes it.
            Object.defineProperty(section, key, {
              value,
              enumerable: true,
              configurable: true,
              writable: true,
            });
            const message = refusal(config);
            if (message === null) {
              // zod drops a `__proto__` key of a record (the department map) whatever it holds, and
              // nothing is polluted; no other undeclared key may pass.
              expect([path.join('.'), key]).toEqual(['departmentWorkspaces', '__proto__']);
              expect(Object.hasOwn(parseDeployConfig(config).departmentWorkspaces, key)).toBe(false);
            } else {
              expect(message, `${path.join('.')} + ${JSON.stringify(key)}`).toContain(key);
            }
            expect(prototypeKeys()).toEqual(pristinePrototype);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        propertyParameters(200),
      );
    },
    propertyTimeout(200),
  );

  it(
    'is refused whatever JSON it is when it is not a config, deep nesting included',
    () => {
      const text = fc.oneof(
        hostileValue.map((v) => JSON.stringify(v)),
        fc
          .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('[', '{"trello":'))
          .map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`),
      );
      fc.assert(
        fc.property(text, (json) => {
          expect(refusal(JSON.parse(json)), json.slice(0, 80)).not.toBeNull();
          expect(prototypeKeys()).toEqual(pristinePrototype);
        }),
        propertyParameters(100),
      );
    },
    propertyTimeout(100),
  );
});

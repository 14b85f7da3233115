/**
 * fast-check arbitraries for hostile input: what an attacker, a broken HR feed or a careless
 * script sends. Strings: unicode confusables and invisible characters, control characters, CR/LF,
 * prototype-pollution names, path traversal, oversized. JSON: wrong types, deep nesting,
 * `__proto__` / `constructor` keys, oversized. Used by test/integration/reliability/.
 */
import fc from 'fast-check';
import { CSV_COLUMNS } from '../../functions/core/admin/parse-events-csv.ts';

/** Look-alikes and invisible characters: Cyrillic а/е/о, fullwidth @, RTL override, zero-width space, BOM. */
const CONFUSABLES = [
  '\u0430',
  '\u0435',
  '\u043e',
  '\uff20',
  '\u202e',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u0301',
  'ﬁ',
  'İ',
];
export const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'toString',
  'hasOwnProperty',
];

/** A hostile string short enough for a URL (path segment, query value). */
export const hostileShortString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc
    .array(
      fc.oneof(fc.constantFrom(...CONFUSABLES), fc.constantFrom('admin', 'a', '@example.com', 'E1001')),
      {
        minLength: 1,
        maxLength: 8,
      },
    )
    .map((parts) => parts.join('')),
  fc.constantFrom(
    ...POLLUTION_KEYS,
    '../../etc/passwd',
    '%2e%2e%2f',
    '%s%n%x',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell-style lookup, sent as it is
    '${jndi:ldap://x}',
    '{"$gt":""}',
    "' OR '1'='1",
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    'a\r\nSet-Cookie: x=1',
    '\u0000',
    '\ud800',
    'NaN',
    '-0',
    '1e309',
  ),
);

/** Any string a hostile client might send in a body field: short ones, and some past every max() the schemas set. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileShortString },
  { weight: 1, arbitrary: fc.integer({ min: 1_001, max: 300_000 }).map((n) => 'x'.repeat(n)) },
);

/** A JSON value of any type, hostile strings and pollution keys included (nested a little). */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 0, 1e308, 0.1),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), hostileString), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** `depth` arrays or objects inside one another, as text (JSON.stringify would recurse as deep). */
function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** The JSON types a body field is declared with (OpenAPI `type`); null when it declares none. */
export type JsonType = 'string' | 'boolean' | 'integer' | 'number' | 'array' | 'object' | null;

const valueOfType: Record<Exclude<JsonType, null>, fc.Arbitrary<unknown>> = {
  string: hostileString,
  boolean: fc.boolean(),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  array: fc.array(hostileValue, { maxLength: 3 }),
  object: fc.dictionary(hostileString, hostileValue, { maxKeys: 3 }),
};

/** A value that is not of `type` (and not null: a nullable field would take it). */
export function wrongTypeFor(type: Exclude<JsonType, null>): fc.Arbitrary<unknown> {
  const numeric = type === 'integer' || type === 'number';
  const others = (Object.keys(valueOfType) as Array<Exclude<JsonType, null>>).filter(
    (t) => t !== type && !(numeric && (t === 'integer' || t === 'number')),
  );
  return fc.oneof(...others.map((t) => valueOfType[t]));
}

/**
 * A body that can never be valid: an object whose declared fields hold hostile values, one of
 * them of the wrong type, with pollution keys written in; or not an object at all.
 */
export function invalidObjectBody(fields: Record<string, JsonType>): fc.Arbitrary<string> {
  const typed = Object.entries(fields).filter((e): e is [string, Exclude<JsonType, null>] => e[1] !== null);
  const notAnObject = fc.oneof(
    fc.array(hostileValue, { maxLength: 3 }).map((v) => JSON.stringify(v)),
    hostileString.map((v) => JSON.stringify(v)),
    fc.integer().map(String),
    fc.constantFrom('true', '[]', '"\\ud800"', '{', '{"a":}', '{"a":1}{"b":2}'),
    fc
      .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('array' as const, 'object' as const))
      .map(([depth, kind]) => deeplyNested(depth, kind)),
  );
  if (typed.length === 0) return notAnObject;
  const wrongObject = fc
    .tuple(
      fc.constantFrom(...typed),
      fc.dictionary(fc.constantFrom(...Object.keys(fields)), hostileValue, { maxKeys: 3 }),
      fc.subarray(POLLUTION_KEYS),
      fc.nat(40),
    )
    .chain(([[field, type], others, pollution, padding]) =>
      wrongTypeFor(type).map((wrong) => {
        const text = JSON.stringify({ ...others, [field]: wrong });
        const injected = pollution.map((key) => `"${key}":{"polluted":true,"isAdmin":true}`);
        // Now and then far past every max() the schemas set (still under the 6 MB body cap).
        const pad = padding === 0 ? [`"padding":"${'p'.repeat(2_000_000)}"`] : [];
        return `{${[...injected, ...pad, text.slice(1, -1)].filter(Boolean).join(',')}}`;
      }),
    );
  return fc.oneof({ weight: 4, arbitrary: wrongObject }, { weight: 1, arbitrary: notAnObject });
}

/** The import's columns but the optional id, so each file's rows name their events by content. */
const CSV_HEADER: string[] = CSV_COLUMNS.filter((c) => c !== 'id');

/** Rows no import may accept: an unknown type, a date that is not one, no email, no employee id. */
const BAD_ROWS = [
  'fired,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z,E-BAD,bad.row@example.com,Bad Row,,',
  'hired,yesterday,2026-11-20T09:00:00Z,E-BAD,bad.row@example.com,Bad Row,,',
  'hired,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z,E-BAD,not-an-email,Bad Row,,',
  'hired,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z,,bad.row@example.com,Bad Row,,',
];

/** A CSV cell: quoted (doubling quotes) or written as it is, which may break the row. */
const csvCell = fc
  .tuple(
    fc.oneof(
      hostileShortString,
      fc.constantFrom('hired', 'employee.terminated', '2026-11-20T09:00:00Z', 'E1001', 'ana@example.com', ''),
    ),
    fc.boolean(),
  )
  .map(([text, quoted]) => (quoted ? `"${text.replaceAll('"', '""')}"` : text));

/**
 * A CSV import that must be refused whole: hostile cells (formulas, CR/LF, confusables, quotes),
 * a header that may carry a BOM or pollution names, and at least one row no import accepts.
 */
export const invalidEventsCsv: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(CSV_HEADER) },
      fc.shuffledSubarray(CSV_HEADER, { minLength: CSV_HEADER.length }),
      fc.tuple(fc.constant(CSV_HEADER), fc.constantFrom(...POLLUTION_KEYS)).map(([h, k]) => [...h, k]),
    ),
    fc.boolean(),
    fc.array(fc.array(csvCell, { minLength: 1, maxLength: CSV_HEADER.length + 1 }), { maxLength: 4 }),
    fc.constantFrom(...BAD_ROWS),
    fc.nat(),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([header, bom, rows, bad, at, newline]) => {
    const lines = rows.map((cells) => cells.join(','));
    lines.splice(at % (lines.length + 1), 0, bad);
    return `${bom ? '\ufeff' : ''}${[header.join(','), ...lines].join(newline)}`;
  });

/** The Object.prototype keys now, to check that no request added one (prototype pollution). */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

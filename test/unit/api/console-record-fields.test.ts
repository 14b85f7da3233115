/**
 * The console (functions/api/console/, plain JS) reads the admin API's answers by field name and
 * spells out some of their value lists. It cannot import the record schemas, so this holds what it
 * hard-codes against the OpenAPI document built from them (functions/api/console/openapi.json, kept
 * current by openapi-document.test.ts): a field renamed or removed in a record schema, or a status
 * added to one, fails here, naming the view and what it reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const consoleDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../functions/api/console',
);

type Schema = {
  $ref?: string;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  enum?: string[];
};
const document = JSON.parse(readFileSync(path.join(consoleDir, 'openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
};

/** A schema with what wraps it looked through: a reference, an array's items, a nullable union. */
function inner(schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) throw new Error(`${schema.$ref}: no such schema in the document`);
    return inner(target);
  }
  if (schema.items) return inner(schema.items);
  const branch = (schema.anyOf ?? schema.oneOf)?.find((s) => s.$ref || s.properties || s.items || s.enum);
  return branch ? inner(branch) : schema;
}

/** `Run.earlierAttempts`: a component, then properties down from it. */
function resolve(where: string): Schema {
  const [name, ...fields] = where.split('.');
  let schema = document.components.schemas[name ?? ''];
  if (!schema) throw new Error(`${name}: no such schema in the document`);
  for (const field of fields) {
    const next: Schema | undefined = inner(schema).properties?.[field];
    if (!next) throw new Error(`${where}: no field ${field}`);
    schema = next;
  }
  return inner(schema);
}

const source = (file: string) => readFileSync(path.join(consoleDir, file), 'utf8');

/** Every field `text` reads as `variable.field` (or `variable?.field`), not as part of a longer chain. */
function fieldsRead(text: string, variable: string): string[] {
  const reads = text.matchAll(new RegExp(`(?<![\\w.$])${variable}\\??\\.([A-Za-z_$][\\w$]*)`, 'g'));
  return [...new Set([...reads].map((m) => m[1] as string))];
}

/** The variables each view holds an answer's record in (a name means one thing in one view). */
const READS: Array<{ file: string; variables: string[]; schema: string }> = [
  { file: 'approvals-view.js', variables: ['a', 'approval'], schema: 'Approval' },
  { file: 'audit-view.js', variables: ['a'], schema: 'AuditEntry' },
  { file: 'audit-view.js', variables: ['result'], schema: 'AuditVerification' },
  { file: 'audit-view.js', variables: ['broken'], schema: 'AuditVerification.firstBroken' },
  { file: 'inbox-view.js', variables: ['n'], schema: 'Notification' },
  { file: 'people-view.js', variables: ['profile'], schema: 'PersonProfile' },
  { file: 'people-view.js', variables: ['p'], schema: 'FoundPerson' },
  { file: 'people-view.js', variables: ['r'], schema: 'Run' },
  { file: 'runs-view.js', variables: ['r', 'run'], schema: 'Run' },
  { file: 'runs-view.js', variables: ['attempt'], schema: 'Run.earlierAttempts' },
  { file: 'runs-view.js', variables: ['s'], schema: 'RunStep' },
  { file: 'runs-view.js', variables: ['a'], schema: 'AuditEntry' },
  { file: 'runs-view.js', variables: ['cut', 'first'], schema: 'AccessCut' },
  { file: 'sweeps-view.js', variables: ['sweep'], schema: 'Sweep' },
  { file: 'sweeps-view.js', variables: ['s'], schema: 'SweepListItem' },
  { file: 'sweeps-view.js', variables: ['m'], schema: 'SweepMember' },
  { file: 'reconciliations-view.js', variables: ['f'], schema: 'ReconciliationFinding' },
  { file: 'seats-view.js', variables: ['seats'], schema: 'Seats' },
  { file: 'seats-view.js', variables: ['q'], schema: 'Seats.queued' },
  { file: 'seats-view.js', variables: ['r'], schema: 'Seats.trend' },
];

/** A constant's values: the strings of a list (`[…]`, `new Set([…])`) or the keys of an object. */
function constant(file: string, name: string): string[] {
  const text = source(file);
  const list = new RegExp(`const ${name} = (?:new Set\\()?\\[([\\s\\S]*?)\\]`).exec(text);
  if (list) return [...(list[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
  const object = new RegExp(`const ${name} = (\\{[\\s\\S]*?\\});`).exec(text);
  if (!object) throw new Error(`${file}: no constant ${name}`);
  return [...(object[1] ?? '').matchAll(/[{,]\s*'?([\w-]+)'?\s*:/g)].map((m) => m[1] as string);
}

/** Value lists the views spell out: all of the schema's values, or (`some`) a few of them. */
const LISTS: Array<{ file: string; name: string; values: string; some?: true }> = [
  { file: 'runs-view.js', name: 'RUN_STATUSES', values: 'Run.status' },
  { file: 'runs-view.js', name: 'RETRYABLE', values: 'Run.status', some: true },
  { file: 'runs-view.js', name: 'CUT_LABELS', values: 'Run.cuts' },
  { file: 'overview-view.js', name: 'CUT_NAMES', values: 'Run.cuts' },
  { file: 'approvals-view.js', name: 'APPROVAL_STATUSES', values: 'Approval.status' },
  { file: 'sweeps-view.js', name: 'SWEEP_STATES', values: 'SweepMember.state' },
  { file: 'sweeps-view.js', name: 'MOVING', values: 'Sweep.status', some: true },
  { file: 'reconciliations-view.js', name: 'FINDING_STATES', values: 'ReconciliationFinding.state' },
  { file: 'reconciliations-view.js', name: 'FIXES', values: 'ReconciliationFinding.fix' },
  { file: 'reconciliations-view.js', name: 'MOVING', values: 'Reconciliation.status', some: true },
];

/** A schema's values: its enum, or its fields' names (an object keyed by a vocabulary). */
const valuesOf = (where: string) => {
  const schema = resolve(where);
  return schema.enum ?? Object.keys(schema.properties ?? {});
};

describe("the console reads the admin API's records as the schemas name them", () => {
  it.each(READS)('$file reads $variables as $schema', ({ file, variables, schema }) => {
    const fields = Object.keys(resolve(schema).properties ?? {});
    expect(fields.length).toBeGreaterThan(0);
    for (const variable of variables) {
      const read = fieldsRead(source(file), variable);
      expect(read.length, `${file} reads nothing of ${variable}: is the table above stale?`).toBeGreaterThan(
        0,
      );
      expect(read.filter((f) => !fields.includes(f))).toEqual([]);
    }
  });

  it.each(LISTS)('$file spells $name as $values', ({ file, name, values, some }) => {
    const spelled = constant(file, name);
    expect(spelled.length).toBeGreaterThan(0);
    if (some) expect(spelled.filter((v) => !valuesOf(values).includes(v))).toEqual([]);
    else expect([...spelled].sort()).toEqual([...valuesOf(values)].sort());
  });

  it('finds a field a view reads that the schema does not have, and only reads of that variable', () => {
    const text = 'show(run.status, run?.eventx, prun.nope, x.run.nope, run.steps.map((s) => s.step));';
    const fields = Object.keys(resolve('Run').properties ?? {});
    expect(fieldsRead(text, 'run').filter((f) => !fields.includes(f))).toEqual(['eventx']);
    expect(() => resolve('Run.nope')).toThrow('Run.nope: no field nope');
  });
});

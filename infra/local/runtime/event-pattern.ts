/**
 * EventBridge event-pattern matching (AWS "Amazon EventBridge event patterns" / "content
 * filtering"): every field of the pattern must match; an array lists alternatives; objects nest.
 * Operators: exact values, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but`
 * (value, list, or `{prefix}`/`{suffix}`), `numeric`, `exists`, `cidr` is not supported, and `$or`.
 */
type Json = unknown;

export function matchesPattern(pattern: Record<string, Json>, event: Record<string, Json>): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    if (field === '$or')
      return (rule as Array<Record<string, Json>>).some((alt) => matchesPattern(alt, event));
    const value = event[field];
    if (Array.isArray(rule)) return matchesField(rule, value, field in event);
    if (rule && typeof rule === 'object') {
      return (
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        matchesPattern(rule as Record<string, Json>, value as Record<string, Json>)
      );
    }
    throw new Error(`Invalid event pattern at "${field}": a field's rule must be an array or an object`);
  });
}

/** A value matches when any of its items (arrays are flattened) matches any alternative. */
function matchesField(alternatives: Json[], value: Json, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return alternatives.some((alt) => {
    if (alt !== null && typeof alt === 'object') {
      const [op, arg] = Object.entries(alt as Record<string, Json>)[0] ?? [];
      if (op === 'exists') return arg === present;
      if (!present) return false;
      return values.some((v) => matchesOperator(op as string, arg, v));
    }
    return present && values.some((v) => v === alt);
  });
}

function matchesOperator(op: string, arg: Json, value: Json): boolean {
  switch (op) {
    case 'prefix':
      return (
        typeof value === 'string' &&
        (typeof arg === 'string'
          ? value.startsWith(arg)
          : ignoreCase(arg, (p) => value.toLowerCase().startsWith(p)))
      );
    case 'suffix':
      return (
        typeof value === 'string' &&
        (typeof arg === 'string'
          ? value.endsWith(arg)
          : ignoreCase(arg, (s) => value.toLowerCase().endsWith(s)))
      );
    case 'equals-ignore-case':
      // A list is allowed inside anything-but: `{"anything-but": {"equals-ignore-case": ["a", "b"]}}`.
      return (
        typeof value === 'string' &&
        (Array.isArray(arg) ? arg : [arg]).some(
          (a) => typeof a === 'string' && value.toLowerCase() === a.toLowerCase(),
        )
      );
    case 'wildcard':
      return (
        typeof value === 'string' &&
        (Array.isArray(arg) ? arg : [arg]).some((a) => typeof a === 'string' && wildcard(a).test(value))
      );
    case 'anything-but': {
      if (Array.isArray(arg)) return !arg.includes(value);
      if (arg !== null && typeof arg === 'object') {
        const [inner, innerArg] = Object.entries(arg as Record<string, Json>)[0] ?? [];
        return !matchesOperator(inner as string, innerArg, value);
      }
      return value !== arg;
    }
    case 'numeric':
      return typeof value === 'number' && numeric(arg as Array<string | number>, value);
    default:
      throw new Error(`Event pattern operator "${op}" is not supported by the local runtime`);
  }
}

function ignoreCase(arg: Json, test: (needle: string) => boolean): boolean {
  const needle = (arg as { 'equals-ignore-case'?: unknown })['equals-ignore-case'];
  return typeof needle === 'string' && test(needle.toLowerCase());
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

function numeric(conditions: Array<string | number>, value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const op = conditions[i];
    const bound = Number(conditions[i + 1]);
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

const OPERATORS = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
]);

/**
 * Refuses, before any event arrives, a pattern using an operator the matcher does not implement
 * (e.g. `cidr`), naming the operator and where it is.
 */
export function assertPatternSupported(pattern: Record<string, Json>, where: string): void {
  for (const [field, rule] of Object.entries(pattern)) {
    if (field === '$or') {
      if (!Array.isArray(rule)) throw new Error(`${where}: $or must be an array`);
      for (const alt of rule) assertPatternSupported(alt as Record<string, Json>, where);
    } else if (Array.isArray(rule)) {
      for (const alt of rule) {
        if (alt === null || typeof alt !== 'object') continue;
        const [op, arg] = Object.entries(alt as Record<string, Json>)[0] ?? [];
        if (!op || !OPERATORS.has(op)) {
          throw new Error(`${where}: event pattern operator "${op}" at "${field}" is not supported locally`);
        }
        if (op === 'anything-but' && arg !== null && typeof arg === 'object' && !Array.isArray(arg)) {
          const [inner] = Object.keys(arg as Record<string, Json>);
          if (
            inner !== 'prefix' &&
            inner !== 'suffix' &&
            inner !== 'equals-ignore-case' &&
            inner !== 'wildcard'
          )
            throw new Error(
              `${where}: "anything-but" with "${inner}" at "${field}" is not supported locally`,
            );
        }
      }
    } else if (rule && typeof rule === 'object') {
      assertPatternSupported(rule as Record<string, Json>, where);
    } else {
      throw new Error(`${where}: the rule of "${field}" must be an array or an object`);
    }
  }
}

/**
 * Finds every import of a TypeScript/JavaScript module from its text: `import … from`, side-effect
 * `import '…'`, `export … from`, type-only forms, and dynamic `import(…)` (a computed argument is
 * reported with its text and no specifier). Comments, strings, template literals and regular
 * expressions are read as such, so an import written inside one of them is not taken for a real one.
 * A small tokenizer rather than the compiler: TypeScript 7 ships no JavaScript API, and the
 * architecture test must not depend on a transitive package.
 */

export interface ImportRef {
  /** What is imported (`'zod'`, `'../ports/clock.ts'`); null for a computed `import(expression)`. */
  specifier: string | null;
  /** The argument's text of a computed dynamic import. */
  expression?: string;
  /** 1-based line of the `import` / `export` keyword. */
  line: number;
  kind: 'static' | 're-export' | 'dynamic';
  /** `import type …` / `export type … from`, or every named binding marked `type`. */
  typeOnly: boolean;
  /** The imported names (`default` for a default import, `*` for a namespace); null for side-effect and dynamic imports. */
  names: string[] | null;
}

type Token =
  | { type: 'name'; value: string; start: number }
  | { type: 'string'; value: string; start: number }
  | { type: 'punct'; value: string; start: number }
  | { type: 'other'; value: string; start: number };

const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'instanceof',
  'yield',
  'await',
]);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // What each open `{` is: a block/object, or a template literal's `${`.
  const braces: Array<'brace' | 'template'> = [];
  let i = 0;
  const n = source.length;

  const regexMayStart = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (last === undefined) return true;
    if (last.type === 'punct') return !/^[)\]]$/.test(last.value);
    if (last.type === 'name') return REGEX_AFTER_WORDS.has(last.value);
    return false;
  };

  /** Reads template text from `i` (just after a backtick or a `}` closing `${`): to the closing backtick or the next `${`. */
  const readTemplate = (start: number): void => {
    while (i < n) {
      const c = source[i];
      if (c === '\\') {
        i += 2;
      } else if (c === '`') {
        i += 1;
        tokens.push({ type: 'other', value: 'template', start });
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        braces.push('template');
        tokens.push({ type: 'punct', value: '(', start }); // a template part stands where an operand would
        return;
      } else {
        i += 1;
      }
    }
  };

  while (i < n) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i += 1;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      const start = i;
      let value = '';
      i += 1;
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') {
          value += source[i + 1] ?? '';
          i += 2;
        } else {
          value += source[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ type: 'string', value, start });
    } else if (c === '`') {
      const start = i;
      i += 1;
      readTemplate(start);
    } else if (c === '/' && regexMayStart()) {
      const start = i;
      i += 1;
      let inClass = false;
      while (i < n && source[i] !== '\n') {
        const r = source[i];
        if (r === '\\') i += 2;
        else {
          i += 1;
          if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
        }
      }
      while (i < n && /[a-z]/i.test(source[i] as string)) i += 1;
      tokens.push({ type: 'other', value: 'regex', start });
    } else if (/[A-Za-z_$]/.test(c)) {
      const start = i;
      while (i < n && /[\w$]/.test(source[i] as string)) i += 1;
      tokens.push({ type: 'name', value: source.slice(start, i), start });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[\w.]/.test(source[i] as string)) i += 1;
      tokens.push({ type: 'other', value: 'number', start });
    } else if (c === '{') {
      braces.push('brace');
      tokens.push({ type: 'punct', value: c, start: i });
      i += 1;
    } else if (c === '}') {
      const open = braces.pop();
      if (open === 'template') {
        const start = i;
        i += 1;
        tokens.push({ type: 'punct', value: ')', start });
        readTemplate(start);
      } else {
        tokens.push({ type: 'punct', value: c, start: i });
        i += 1;
      }
    } else {
      tokens.push({ type: 'punct', value: c, start: i });
      i += 1;
    }
  }
  return tokens;
}

/** Every import `source` makes, in order. */
export function importsOf(source: string): ImportRef[] {
  const tokens = tokenize(source);
  const lineStarts = [0];
  for (let k = 0; k < source.length; k += 1) if (source[k] === '\n') lineStarts.push(k + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const at = (k: number): Token | undefined => tokens[k];
  const is = (k: number, type: Token['type'], value?: string): boolean => {
    const t = at(k);
    return t !== undefined && t.type === type && (value === undefined || t.value === value);
  };

  /** Reads `{ a, b as c, type D }` starting at the `{`; answers the names and the index after `}`. */
  const readBindings = (k: number): { names: string[]; allTypes: boolean; next: number } => {
    const names: string[] = [];
    let allTypes = true;
    let j = k + 1;
    while (j < tokens.length && !is(j, 'punct', '}')) {
      let typed = false;
      if (is(j, 'name', 'type') && (is(j + 1, 'name') || is(j + 1, 'string'))) {
        typed = true;
        j += 1;
      }
      const t = at(j);
      if (t && (t.type === 'name' || t.type === 'string')) {
        names.push(t.value);
        if (!typed) allTypes = false;
      }
      while (j < tokens.length && !is(j, 'punct', ',') && !is(j, 'punct', '}')) j += 1;
      if (is(j, 'punct', ',')) j += 1;
    }
    return { names, allTypes: allTypes && names.length > 0, next: j + 1 };
  };

  const found: ImportRef[] = [];
  for (let k = 0; k < tokens.length; k += 1) {
    const token = tokens[k] as Token;
    if (token.type !== 'name' || (token.value !== 'import' && token.value !== 'export')) continue;
    if (is(k - 1, 'punct', '.')) continue; // a property named import/export
    const line = lineOf(token.start);

    if (token.value === 'import' && is(k + 1, 'punct', '(')) {
      // Dynamic import: the first argument, up to its closing parenthesis or a comma at depth 0.
      let depth = 0;
      let j = k + 1;
      const first = k + 2;
      let end = first;
      for (; j < tokens.length; j += 1) {
        const t = tokens[j] as Token;
        if (t.type === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) depth += 1;
        else if (t.type === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}')) {
          depth -= 1;
          if (depth === 0) {
            end = j;
            break;
          }
        } else if (t.type === 'punct' && t.value === ',' && depth === 1) {
          end = j;
          break;
        }
      }
      const literal = end === first + 1 && is(first, 'string');
      if (literal) {
        found.push({
          specifier: (tokens[first] as Token).value,
          line,
          kind: 'dynamic',
          typeOnly: false,
          names: null,
        });
      } else {
        const from = tokens[first]?.start ?? token.start;
        const to = tokens[end]?.start ?? source.length;
        found.push({
          specifier: null,
          expression: source.slice(from, to).trim(),
          line,
          kind: 'dynamic',
          typeOnly: false,
          names: null,
        });
      }
      continue;
    }
    if (token.value === 'import' && is(k + 1, 'punct', '.')) continue; // import.meta

    if (token.value === 'import') {
      let j = k + 1;
      if (is(j, 'string')) {
        found.push({
          specifier: (tokens[j] as Token).value,
          line,
          kind: 'static',
          typeOnly: false,
          names: null,
        });
        continue;
      }
      let typeOnly = false;
      // `import type X from`, `import type { … } from`, but not `import type from 'x'` (a default named type).
      if (is(j, 'name', 'type') && !is(j + 1, 'name', 'from') && !is(j + 1, 'punct', ',')) {
        typeOnly = true;
        j += 1;
      }
      const names: string[] = [];
      let allNamedTypes = false;
      if (is(j, 'name') && !is(j, 'name', 'from')) {
        names.push('default');
        j += 1;
        if (is(j, 'punct', ',')) j += 1;
      }
      if (is(j, 'punct', '*')) {
        names.push('*');
        j += 3; // * as name
      } else if (is(j, 'punct', '{')) {
        const bindings = readBindings(j);
        names.push(...bindings.names);
        allNamedTypes = bindings.allTypes && names.length === bindings.names.length;
        j = bindings.next;
      }
      if (is(j, 'name', 'from') && is(j + 1, 'string')) {
        found.push({
          specifier: (tokens[j + 1] as Token).value,
          line,
          kind: 'static',
          typeOnly: typeOnly || allNamedTypes,
          names,
        });
      }
      continue;
    }

    // export … from
    let j = k + 1;
    let typeOnly = false;
    if (is(j, 'name', 'type') && (is(j + 1, 'punct', '{') || is(j + 1, 'punct', '*'))) {
      typeOnly = true;
      j += 1;
    }
    let names: string[] = [];
    if (is(j, 'punct', '*')) {
      names = ['*'];
      j += 1;
      if (is(j, 'name', 'as')) j += 2;
    } else if (is(j, 'punct', '{')) {
      const bindings = readBindings(j);
      names = bindings.names;
      typeOnly = typeOnly || bindings.allTypes;
      j = bindings.next;
    } else {
      continue;
    }
    if (is(j, 'name', 'from') && is(j + 1, 'string')) {
      found.push({ specifier: (tokens[j + 1] as Token).value, line, kind: 're-export', typeOnly, names });
    }
  }
  return found;
}

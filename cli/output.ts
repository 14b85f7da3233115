/** What the CLI prints: aligned columns for people, `--json` for scripts. */
export interface Output {
  json: boolean;
}

export function print(output: Output, value: unknown, human: () => string): void {
  process.stdout.write(`${output.json ? JSON.stringify(value, null, 2) : human()}\n`);
}

export function table(
  rows: Array<Record<string, string | number | boolean | null | undefined>>,
  columns: string[],
): string {
  if (rows.length === 0) return '(none)';
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.toUpperCase())),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}

/**
 * Each function bundles what its step uses, and nothing its step uses is left out. A step names its
 * ports in defineStep; its handler imports just those providers. A port it uses without naming
 * it would fail only when that path runs, so this reads the code each handler reaches and checks
 * the names against every port it mentions (a conservative reading: a port named in any module
 * the step reaches counts as used).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { PORT_NAMES, type PortName } from '../../../functions/composition/composition.ts';
import { API_FUNCTIONS } from '../../../infra/api-catalog.ts';
import { STEP_CATALOG } from '../../../infra/step-catalog.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const entries = [...STEP_CATALOG, ...API_FUNCTIONS].map((s) => s.entry);

/** Each entry's bundled inputs and its external imports, from one esbuild pass (nothing written). */
let bundles: Map<string, { inputs: string[]; imports: Array<{ path: string; kind: string }> }>;

beforeAll(async () => {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: entries,
    bundle: true,
    write: false,
    outdir: 'out',
    platform: 'node',
    format: 'esm',
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  });
  bundles = new Map(
    Object.values((metafile as Metafile).outputs)
      .filter((o) => o.entryPoint !== undefined)
      .map((o) => [
        o.entryPoint as string,
        { inputs: Object.keys(o.inputs), imports: o.imports.filter((i) => i.external) },
      ]),
  );
}, 120_000); // one esbuild pass over every function: slow on a loaded 2-core machine

/** Where the code that takes the dependencies lives (the core, the handlers and the edge with its HR vendors; not adapters, not the wire schemas). */
const TAKES_DEPENDENCIES = /^functions\/(core|handlers|api)\/(?!.*-schemas\.ts$)/;

function portsMentioned(inputs: string[]): PortName[] {
  const code = inputs
    .filter((file) => TAKES_DEPENDENCIES.test(file))
    .map((file) =>
      readFileSync(path.join(root, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, ''),
    )
    .join('\n');
  // `deps.trello`, `{ trello } = deps`, `{ trello: Pick<…> }` — not a key holding a text (`trello: 'Trello'`).
  return PORT_NAMES.filter((port) =>
    new RegExp(`\\.${port}\\b|[{,]\\s*${port}\\s*(?:[,}?]|:(?!\\s*['"\`]))`).test(code),
  );
}

async function namedPorts(entry: string): Promise<readonly PortName[]> {
  const module = (await import(path.join(root, entry))) as {
    handler: { ports?: readonly PortName[] };
    dependencies?: { ports: readonly PortName[] };
  };
  const ports = module.dependencies?.ports ?? module.handler.ports;
  if (!ports) throw new Error(`${entry} says nothing of its ports`);
  return ports;
}

describe.each(entries)('%s', (entry) => {
  it('names every port the code it runs mentions', async () => {
    const bundle = bundles.get(entry);
    expect(bundle).toBeDefined();
    const used = portsMentioned(bundle?.inputs ?? []);
    const named = await namedPorts(entry);
    expect(used.filter((port) => !named.includes(port))).toEqual([]);
  });

  it('bundles only the providers of the ports it names, and loads no AWS SDK module when it starts', async () => {
    const bundle = bundles.get(entry);
    const named = await namedPorts(entry);
    const providers = (bundle?.inputs ?? [])
      .filter((file) => file.startsWith('functions/composition/providers/'))
      .map((file) => path.basename(file, '.ts'));
    const expected = new Set<string>(named.map((port) => (port === 'atlassianTokens' ? 'idp' : port)));
    // The Trello port's adapter, and its AdminHub wrapper: the mode is deploy config, read at run time.
    if (expected.has('trello'))
      for (const provider of ['trello-admin', 'adminhub-trello-admin']) expected.add(provider);
    expect(providers.sort()).toEqual([...expected].sort());
    expect(bundle?.inputs).not.toContain('functions/composition/dependencies.ts');
    const atStart = (bundle?.imports ?? []).filter((i) => i.kind === 'import-statement');
    expect(atStart.map((i) => i.path).filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
  });
});

/**
 * The footprint of every Lambda function: each function of STEP_CATALOG and API_FUNCTIONS is built
 * through the stack's own construct (StepLambda: CDK's NodejsFunction with LAMBDA_BUNDLING, local
 * esbuild), exactly as `cdk synth` builds it, then measured:
 * - bundle size: the bytes of its `index.mjs`;
 * - module init: the median of `runs` fresh `node` processes importing the bundle (the time from
 *   the import to the module ready, as Lambda's init runs it), with the function's own environment
 *   (NODE_OPTIONS included, when it sets one) and `@aws-sdk/*` resolved from node_modules — the
 *   SDK is external to the bundle, and Lambda's Node runtime has it preinstalled;
 * - for information, not judged: the AWS SDK modules the bundle loads on first use, and how long
 *   loading all of them takes once the module is ready (what a first invocation may add at most).
 * Both are judged against the goal of the "Lean Lambdas" issue: 300 kB and 150 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, type aws_lambda as lambda, Stack, type aws_s3_assets as s3Assets } from 'aws-cdk-lib';
import { API_FUNCTIONS } from '../infra/api-catalog.ts';
import { StepLambda } from '../infra/constructs/step-lambda.ts';
import { type FunctionDefinition, STEP_CATALOG } from '../infra/step-catalog.ts';

/** The goal: every function at most this big (bytes of its bundle: 300 kB) … */
export const MAX_BUNDLE_BYTES = 300_000;
/** … and ready this soon after its import starts. */
export const MAX_INIT_MS = 150;

export interface FunctionFootprint {
  id: string;
  bytes: number;
  /** Median module init over the runs. */
  initMs: number;
  initRunsMs: number[];
  sizeRatio: number;
  initRatio: number;
  /** `@aws-sdk/*` modules the bundle imports when it loads (none, when every client is lazy). */
  sdkAtInit: string[];
  /** `@aws-sdk/*` modules the bundle imports on first use. */
  sdkOnFirstUse: string[];
  /** Loading all of `sdkOnFirstUse` once the module is ready (median): at most what a first call adds. */
  firstUseSdkMs: number;
  /** The biggest inputs of the bundle (npm package or source folder → bytes in the output). */
  biggest: Array<{ input: string; bytes: number }>;
  within: boolean;
}

export interface FootprintResult {
  name: 'lambda-footprint';
  limits: { bundleBytes: number; initMs: number };
  runs: number;
  functions: FunctionFootprint[];
  over: string[];
  worstSizeRatio: number;
  worstInitRatio: number;
  medianInitMs: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function lambdaFootprint(options: { runs?: number } = {}): Promise<FootprintResult> {
  const runs = options.runs ?? 5;
  // Inside the repository, so the bundles resolve `@aws-sdk/*` from its node_modules.
  const outdir = path.join(root, 'bench', 'results', 'lambdas');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const built = buildAll(outdir);
  warmUp(built[0]?.dir ?? outdir);
  const functions = built.map((fn) => measure(fn, runs));
  const inits = functions.map((f) => f.initMs).sort((a, b) => a - b);
  return {
    name: 'lambda-footprint',
    limits: { bundleBytes: MAX_BUNDLE_BYTES, initMs: MAX_INIT_MS },
    runs,
    functions,
    over: functions.filter((f) => !f.within).map((f) => f.id),
    worstSizeRatio: Math.max(...functions.map((f) => f.sizeRatio)),
    worstInitRatio: Math.max(...functions.map((f) => f.initRatio)),
    medianInitMs: inits[Math.floor(inits.length / 2)] ?? 0,
  };
}

interface BuiltFunction {
  id: string;
  /** The staged asset: index.mjs (and index.meta.json). */
  dir: string;
  /** The function's environment variables that have a value at synth (NODE_OPTIONS…). */
  environment: Record<string, string>;
}

/** Every function through the construct the stack uses: CDK runs esbuild as for a deployment. */
function buildAll(outdir: string): BuiltFunction[] {
  const app = new App({ outdir });
  const stack = new Stack(app, 'LanyardFootprint');
  const definitions: FunctionDefinition[] = [...STEP_CATALOG, ...API_FUNCTIONS];
  return definitions.map((step) => {
    // The console files the admin function also ships are no code: they are left out.
    const fn = new StepLambda(stack, step.id, { step, environment: {}, metafile: true }).fn;
    const asset = fn.node.findChild('Code') as s3Assets.Asset;
    const cfn = fn.node.defaultChild as lambda.CfnFunction;
    const variables = (stack.resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined)
      ?.variables;
    const environment = Object.fromEntries(
      Object.entries(variables ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
    return { id: step.id, dir: path.join(outdir, asset.assetPath), environment };
  });
}

/** Loads the SDK once so the first function measured does not pay for a cold file cache alone. */
function warmUp(cwd: string): void {
  spawnSync(process.execPath, ['--input-type=module', '-e', "await import('@aws-sdk/client-dynamodb');"], {
    cwd,
  });
}

function measure(fn: BuiltFunction, runs: number): FunctionFootprint {
  const bundle = path.join(fn.dir, 'index.mjs');
  const bytes = statSync(bundle).size;
  const meta = readMetafile(path.join(fn.dir, 'index.meta.json'));
  const samples = Array.from({ length: runs }, () => importOnce(fn, bundle, meta.sdkOnFirstUse));
  const initRunsMs = samples.map((s) => s.initMs);
  const initMs = median(initRunsMs);
  return {
    id: fn.id,
    bytes,
    initMs,
    initRunsMs,
    sizeRatio: round(bytes / MAX_BUNDLE_BYTES),
    initRatio: round(initMs / MAX_INIT_MS),
    sdkAtInit: meta.sdkAtInit,
    sdkOnFirstUse: meta.sdkOnFirstUse,
    firstUseSdkMs: median(samples.map((s) => s.sdkMs)),
    biggest: meta.biggest,
    within: bytes <= MAX_BUNDLE_BYTES && initMs <= MAX_INIT_MS,
  };
}

/** One fresh process: imports the bundle as Lambda's runtime does, then the SDK modules it may load later. */
function importOnce(fn: BuiltFunction, bundle: string, sdk: string[]): { initMs: number; sdkMs: number } {
  const script = `
    const start = performance.now();
    await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const ready = performance.now();
    for (const name of ${JSON.stringify(sdk)}) await import(name);
    console.log(JSON.stringify({ initMs: ready - start, sdkMs: performance.now() - ready }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fn.dir,
    encoding: 'utf8',
    // Only what Lambda would set, not this process's own flags (tsx's loader, for one).
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: fn.id,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      ...fn.environment,
    },
  });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('{'))
    throw new Error(`${fn.id}: importing its bundle failed — ${child.stderr.trim().slice(-2000)}`);
  return JSON.parse(last) as { initMs: number; sdkMs: number };
}

interface Metafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<
    string,
    {
      entryPoint?: string;
      imports: Array<{ path: string; kind: string; external?: boolean }>;
      inputs: Record<string, { bytesInOutput: number }>;
    }
  >;
}

function readMetafile(file: string): Pick<FunctionFootprint, 'sdkAtInit' | 'sdkOnFirstUse' | 'biggest'> {
  // Builds of an older construct (the "before" measurement) have no metafile.
  if (!existsSync(file)) return { sdkAtInit: [], sdkOnFirstUse: [], biggest: [] };
  const meta = JSON.parse(readFileSync(file, 'utf8')) as Metafile;
  const output = Object.values(meta.outputs).find((o) => o.entryPoint !== undefined);
  if (!output) return { sdkAtInit: [], sdkOnFirstUse: [], biggest: [] };
  const sdk = (kind: string) =>
    [
      ...new Set(
        output.imports
          .filter((i) => i.external && i.kind === kind && i.path.startsWith('@aws-sdk/'))
          .map((i) => i.path),
      ),
    ].sort();
  const byInput = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const key = inputGroup(file);
    byInput.set(key, (byInput.get(key) ?? 0) + bytesInOutput);
  }
  const biggest = [...byInput]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([input, bytes]) => ({ input, bytes }));
  return { sdkAtInit: sdk('import-statement'), sdkOnFirstUse: sdk('dynamic-import'), biggest };
}

/** An npm package by name (zod's locales apart), or a source folder two levels down. */
function inputGroup(file: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
  if (pkg)
    return pkg === 'zod' && file.includes('/locales/') && !file.endsWith('/en.js') ? 'zod (locales)' : pkg;
  const parts = file.split('/');
  return parts.length > 3 ? `${parts.slice(0, 3).join('/')}/` : file;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.floor(sorted.length / 2)] ?? 0, 1);
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

/** The table bench/run.ts prints. */
export function footprintReport(r: FootprintResult): string {
  const kb = (bytes: number) => (bytes / 1000).toFixed(0);
  const rows = r.functions.map((f) =>
    [
      f.id.padEnd(26),
      `${kb(f.bytes)} kB`.padStart(7),
      `${f.sizeRatio.toFixed(2)}×`.padStart(6),
      `${f.initMs.toFixed(0)} ms`.padStart(7),
      `${f.initRatio.toFixed(2)}×`.padStart(6),
      `${f.firstUseSdkMs.toFixed(0)} ms`.padStart(7),
      f.sdkOnFirstUse.map((m) => m.replace('@aws-sdk/', '')).join(' ') || '–',
      f.sdkAtInit.length > 0 ? `  AT INIT: ${f.sdkAtInit.join(' ')}` : '',
      f.within ? '' : '  OVER',
    ].join('  '),
  );
  const over = r.functions
    .filter((f) => !f.within)
    .map(
      (f) => `  ${f.id}: ${f.biggest.map((b) => `${b.input} ${kb(b.bytes)} kB`).join(', ') || 'no metafile'}`,
    );
  return [
    `lambda footprint: ${r.functions.length} functions, limits ${kb(r.limits.bundleBytes)} kB and ${r.limits.initMs} ms module init (median of ${r.runs} fresh processes, Node ${process.version})`,
    `  ${'function'.padEnd(26)}  ${'bundle'.padStart(7)}  ${'÷ max'.padStart(6)}  ${'init'.padStart(7)}  ${'÷ max'.padStart(6)}  ${'+ SDK'.padStart(7)}  SDK modules loaded on first use (not judged)`,
    ...rows.map((row) => `  ${row.trimEnd()}`),
    `  worst bundle ${r.worstSizeRatio}× its limit, worst init ${r.worstInitRatio}×, median init ${r.medianInitMs} ms`,
    r.over.length === 0
      ? '  every function within both limits'
      : `  OVER A LIMIT: ${r.over.join(', ')}; their biggest inputs:\n${over.join('\n')}`,
  ].join('\n');
}

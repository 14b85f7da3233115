/**
 * Where the CLI finds the admin API and its credentials, first match wins:
 * 1. flags (`--api`, `--token`);
 * 2. environment (LANYARD_API_URL, LANYARD_ADMIN_TOKEN, LANYARD_WEBHOOK_SECRET);
 * 3. `~/.config/lanyard/config.json` (`{ "apiUrl", "token" }`, for a deployed Lanyard);
 * 4. the local stack's data dir: endpoints.json and secrets.json, which `npm start` writes. It is
 *    LANYARD_DATA_DIR when set; else `.lanyard` in the current directory, then `.lanyard` beside
 *    this CLI's package (where `npm start` keeps it), so a second terminal in a subdirectory still
 *    finds the stack.
 *
 * Each value remembers where it came from, so an error can say what to change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CliError } from './cli-error.ts';
import { noApiMessage } from './what-to-do.ts';

const UserConfig = z.object({ apiUrl: z.url().optional(), token: z.string().optional() });
const Endpoints = z.object({ api: z.url() });
const Secrets = z.object({ adminToken: z.string(), webhookSecret: z.string() });

/** The package root: `npm start` runs there, so its default data dir is `.lanyard` in it. */
const PACKAGE_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Where a setting came from: its kind, and its name as a person would write it (`--api`, a file). */
export interface Origin {
  kind: 'flag' | 'env' | 'user-config' | 'local-stack';
  name: string;
}

export interface CliTarget {
  apiUrl: string;
  apiFrom: Origin;
  token: string | null;
  /** Null when there is no token. */
  tokenFrom: Origin | null;
  webhookSecret: string | null;
  /** The local stack's data dir whose files were read, if one was found. */
  localStack: { dataDir: string; hasToken: boolean } | null;
}

export function resolveTarget(flags: { api?: string; token?: string }, env = process.env): CliTarget {
  const userFile = path.join(
    env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'),
    'lanyard',
    'config.json',
  );
  const user = readJson(userFile, UserConfig);
  const searched = dataDirCandidates(env);
  const dataDir = searched.find((dir) => existsSync(path.join(dir, 'endpoints.json'))) ?? null;
  const endpoints = dataDir ? readJson(path.join(dataDir, 'endpoints.json'), Endpoints) : null;
  const secretsFile = dataDir ? path.join(dataDir, 'secrets.json') : null;
  const secrets = secretsFile ? readJson(secretsFile, Secrets) : null;

  const api = firstOf([
    [flags.api, { kind: 'flag', name: '--api' }],
    [env.LANYARD_API_URL, { kind: 'env', name: 'LANYARD_API_URL' }],
    [user?.apiUrl, { kind: 'user-config', name: userFile }],
    [endpoints?.api, { kind: 'local-stack', name: path.join(dataDir ?? '', 'endpoints.json') }],
  ]);
  if (!api) throw new CliError(noApiMessage(searched, env.LANYARD_DATA_DIR !== undefined), 2);
  const token = firstOf([
    [flags.token, { kind: 'flag', name: '--token' }],
    [env.LANYARD_ADMIN_TOKEN, { kind: 'env', name: 'LANYARD_ADMIN_TOKEN' }],
    [user?.token, { kind: 'user-config', name: userFile }],
    [secrets?.adminToken, { kind: 'local-stack', name: secretsFile ?? '' }],
  ]);
  return {
    apiUrl: api.value.replace(/\/+$/, ''),
    apiFrom: api.from,
    token: token?.value ?? null,
    tokenFrom: token?.from ?? null,
    webhookSecret: env.LANYARD_WEBHOOK_SECRET ?? secrets?.webhookSecret ?? null,
    localStack: dataDir ? { dataDir, hasToken: secrets !== null } : null,
  };
}

/** The data dirs to look in, in order (one when LANYARD_DATA_DIR names it). */
export function dataDirCandidates(env: Record<string, string | undefined>, cwd = process.cwd()): string[] {
  if (env.LANYARD_DATA_DIR) return [path.resolve(cwd, env.LANYARD_DATA_DIR)];
  return [...new Set([path.resolve(cwd, '.lanyard'), path.join(PACKAGE_ROOT, '.lanyard')])];
}

/** The first setting given (an empty variable counts as unset), with where it came from. */
function firstOf(choices: Array<[string | undefined, Origin]>): { value: string; from: Origin } | null {
  for (const [value, from] of choices) if (value !== undefined && value !== '') return { value, from };
  return null;
}

function readJson<T>(file: string, schema: z.ZodType<T>): T | null {
  if (!existsSync(file)) return null;
  const parsed = schema.safeParse(safeJson(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new CliError(`${file} is not what Lanyard expects; fix or delete it`, 2);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

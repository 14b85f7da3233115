/**
 * Where the CLI finds the admin API and its credentials, first match wins:
 * 1. flags (`--api`, `--token`);
 * 2. environment (LANYARD_API_URL, LANYARD_ADMIN_TOKEN, LANYARD_WEBHOOK_SECRET);
 * 3. `~/.config/lanyard/config.json` (`{ "apiUrl", "token" }`, for a deployed Lanyard);
 * 4. the local stack's data dir (LANYARD_DATA_DIR, default `.lanyard/`): endpoints.json and secrets.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error.ts';

const UserConfig = z.object({ apiUrl: z.url().optional(), token: z.string().optional() });
const Endpoints = z.object({ api: z.url() });
const Secrets = z.object({ adminToken: z.string(), webhookSecret: z.string() });

export interface CliTarget {
  apiUrl: string;
  token: string | null;
  webhookSecret: string | null;
}

export function resolveTarget(flags: { api?: string; token?: string }, env = process.env): CliTarget {
  const user = readJson(
    path.join(env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), 'lanyard', 'config.json'),
    UserConfig,
  );
  const dataDir = path.resolve(env.LANYARD_DATA_DIR ?? '.lanyard');
  const endpoints = readJson(path.join(dataDir, 'endpoints.json'), Endpoints);
  const secrets = readJson(path.join(dataDir, 'secrets.json'), Secrets);
  const apiUrl = flags.api ?? env.LANYARD_API_URL ?? user?.apiUrl ?? endpoints?.api;
  if (!apiUrl) {
    throw new CliError(
      'No Lanyard API to talk to: start the local stack (npm start), or pass --api <url> / set LANYARD_API_URL',
      2,
    );
  }
  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    token: flags.token ?? env.LANYARD_ADMIN_TOKEN ?? user?.token ?? secrets?.adminToken ?? null,
    webhookSecret: env.LANYARD_WEBHOOK_SECRET ?? secrets?.webhookSecret ?? null,
  };
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

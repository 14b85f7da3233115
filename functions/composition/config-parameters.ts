/**
 * Config values too large for the Lambda environment (4 KB for all variables together): the
 * department → Workspace map and the sweep allow-list grow with the organisation. On AWS the stack
 * keeps them in SSM Parameter Store as one JSON object of environment variable → value, split over
 * standard-tier String parameters of at most 4 KB each (infra/constructs/config-parameters.ts), and
 * names those parameters in LANYARD_CONFIG_PARAMETERS on the functions that read them. They are
 * read once per container (dependencies.ts) and merged into the environment before it is parsed,
 * so a value parses the same way whether it came inline (the local stack sets every value in the
 * environment) or from the parameters (AWS). The stack and this reader share the encoding below.
 */
import { createHash } from 'node:crypto';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ConfigInvalidError } from '../core/errors.ts';
import { awsClientConfig } from './aws-clients.ts';

/** The environment variable naming the parameters: `{"names":[…],"sha256":"<16 hex>"}`. */
export const CONFIG_PARAMETERS_VARIABLE = 'LANYARD_CONFIG_PARAMETERS';
/** A standard-tier parameter holds at most 4 KB (no charge, unlike the 8 KB advanced tier). */
export const CONFIG_PARAMETER_MAX_BYTES = 4096;
/** What one GetParameters request reads: 40 KB of config in all. */
export const CONFIG_PARAMETERS_MAX = 10;

export interface ConfigParametersReference {
  /** Parameter names, in order: their values concatenated are the JSON document. */
  names: string[];
  /** The first 16 hex digits of the document's SHA-256: parts of two deploys never mix unnoticed. */
  sha256: string;
}

/** The stack's side: the document, its parts (each at most {@link CONFIG_PARAMETER_MAX_BYTES}) and its digest. */
export function encodeConfigDocument(values: Record<string, string>): {
  text: string;
  parts: string[];
  sha256: string;
} {
  const text = JSON.stringify(values);
  const parts: string[] = [];
  let part = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > CONFIG_PARAMETER_MAX_BYTES) {
      parts.push(part);
      part = '';
      bytes = 0;
    }
    part += char;
    bytes += size;
  }
  if (part !== '') parts.push(part);
  return { text, parts, sha256: digest(text) };
}

/** Reads the parameters' values by name (SSM GetParameters; injectable for tests). */
export type ParameterReader = (names: string[]) => Promise<Record<string, string>>;

/**
 * The environment with the config parameters' values merged in, when LANYARD_CONFIG_PARAMETERS
 * names any; otherwise the environment as it is (the local stack). A value set both inline and in
 * a parameter is refused: which one wins would otherwise depend on where it was read.
 */
export async function withConfigParameters(
  env: Record<string, string | undefined>,
  read: ParameterReader = readFromSsm,
): Promise<Record<string, string | undefined>> {
  const reference = env[CONFIG_PARAMETERS_VARIABLE];
  if (reference === undefined || reference === '') return env;
  const { names, sha256 } = parseReference(reference);
  const values = await read(names);
  const missing = names.filter((name) => values[name] === undefined);
  if (missing.length > 0)
    throw new ConfigInvalidError(
      `Lanyard is misconfigured — config parameter(s) not found: ${missing.join(', ')}`,
    );
  const text = names.map((name) => values[name]).join('');
  if (digest(text) !== sha256) {
    // A deploy is writing the parameters right now: the next cold start reads them whole.
    throw new Error(
      `Lanyard's config parameters do not match this function's version (sha256 ${digest(text)}, expected ${sha256}): a deploy is updating them; try again`,
    );
  }
  const document = parseDocument(text);
  const twice = Object.keys(document).filter((key) => env[key] !== undefined);
  if (twice.length > 0)
    throw new ConfigInvalidError(
      `Lanyard is misconfigured — ${twice.join(', ')} set both in the environment and in the config parameters`,
    );
  return { ...env, ...document };
}

function parseReference(text: string): ConfigParametersReference {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const reference = parsed as Partial<ConfigParametersReference> | null;
  if (
    !Array.isArray(reference?.names) ||
    reference.names.length === 0 ||
    reference.names.length > CONFIG_PARAMETERS_MAX ||
    !reference.names.every((n) => typeof n === 'string' && n !== '') ||
    typeof reference.sha256 !== 'string'
  ) {
    throw new ConfigInvalidError(
      `Lanyard is misconfigured — ${CONFIG_PARAMETERS_VARIABLE}: must be {"names":[1 to ${CONFIG_PARAMETERS_MAX} parameter names],"sha256":"…"}`,
    );
  }
  return { names: reference.names, sha256: reference.sha256 };
}

function parseDocument(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    !Object.entries(parsed).every(([key, value]) => key.startsWith('LANYARD_') && typeof value === 'string')
  ) {
    throw new ConfigInvalidError(
      'Lanyard is misconfigured — the config parameters must hold a JSON object of LANYARD_* variable → string',
    );
  }
  return parsed as Record<string, string>;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

async function readFromSsm(names: string[]): Promise<Record<string, string>> {
  const answer = await new SSMClient(awsClientConfig()).send(new GetParametersCommand({ Names: names }));
  return Object.fromEntries(
    (answer.Parameters ?? []).flatMap((p) => (p.Name && p.Value !== undefined ? [[p.Name, p.Value]] : [])),
  );
}

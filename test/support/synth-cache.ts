/**
 * One synthesis per deploy config per test run, for the local stacks the integration tests start.
 *
 * Synthesizing in a fresh test process costs seconds (aws-cdk-lib loaded and warmed up for the
 * one synth, ~25 s on two loaded cores); most files start a stack for the same few configs. A
 * file that starts one gets the template synthesized for its config by whichever test process
 * asked first in this run: {@link cachedSynthesize} keeps each synthesis as JSON in the run's cache
 * directory (made empty by test/support/global-setup.ts and removed after the run, so a template
 * never outlives the sources it came from). Outside Vitest (benchmarks) it synthesizes every time.
 *
 * The simulators listen on random ports, so a config names URLs that differ on every start. The
 * cache keys a config with each local origin (`http://127.0.0.1:<port>`) replaced by a placeholder
 * and puts the real origins back into the template text. Where a synthesis used a placeholder in
 * any other form (its host alone, say), that config is synthesized for real instead: the template
 * a stack runs is always the one its own config synthesizes (synth-cache.test.ts compares them).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeployConfig } from '../../infra/deploy-config.ts';
import { type LocalSynthesis, synthesizeLocal } from '../../infra/local/local-stack.ts';

/** Set by the global setup: the directory of this run's syntheses. */
export const SYNTH_CACHE_VARIABLE = 'LANYARD_TEST_SYNTH_CACHE';

const LOCAL_ORIGIN = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+/;
const PLACEHOLDER_HOST = 'synth-cache.invalid';
const placeholder = (n: number) => `https://origin-${n}.${PLACEHOLDER_HOST}`;

/** The config with every local origin replaced by a placeholder, and the origins by placeholder. */
function withPlaceholders(config: DeployConfig): { keyed: DeployConfig; origins: Map<string, string> } {
  const origins = new Map<string, string>(); // placeholder → real origin
  const byOrigin = new Map<string, string>();
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const origin = LOCAL_ORIGIN.exec(value)?.[0];
      if (!origin) return value;
      let stand = byOrigin.get(origin);
      if (!stand) {
        stand = placeholder(byOrigin.size);
        byOrigin.set(origin, stand);
        origins.set(stand, origin);
      }
      return stand + value.slice(origin.length);
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  return { keyed: visit(config) as DeployConfig, origins };
}

/** The synthesis as JSON text, with the real origins in place of the placeholders (null: not possible). */
function restoreOrigins(text: string, origins: Map<string, string>): string | null {
  let restored = text;
  for (const [stand, origin] of origins) restored = restored.split(stand).join(origin);
  return restored.includes(PLACEHOLDER_HOST) ? null : restored;
}

/**
 * A `synthesize` for {@link startLocalStack} that reuses this run's synthesis of the same config;
 * the real one when no cache directory is set (outside Vitest).
 */
export function cachedSynthesize(
  cacheDir: string | undefined = process.env[SYNTH_CACHE_VARIABLE],
): (config: DeployConfig, outdir: string) => Promise<LocalSynthesis> {
  if (!cacheDir) return synthesizeLocal;
  return async (config, outdir) => {
    const { keyed, origins } = withPlaceholders(config);
    const key = createHash('sha256').update(JSON.stringify(keyed)).digest('hex').slice(0, 32);
    const file = path.join(cacheDir, `${key}.json`);
    let text: string;
    if (existsSync(file)) text = readFileSync(file, 'utf8');
    else {
      text = JSON.stringify(await synthesizeLocal(keyed, outdir));
      // Whole or not at all: the other worker may read it the moment it appears.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, text);
      renameSync(partial, file);
    }
    const restored = restoreOrigins(text, origins);
    return restored === null ? synthesizeLocal(config, outdir) : (JSON.parse(restored) as LocalSynthesis);
  };
}

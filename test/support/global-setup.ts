/**
 * Vitest global setup: an empty directory for this run's syntheses (test/support/synth-cache.ts),
 * in the run's temporary directory, removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYNTH_CACHE_VARIABLE } from './synth-cache.ts';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanyard-synth-cache-'));
  // Test processes start after this and inherit the variable.
  process.env[SYNTH_CACHE_VARIABLE] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

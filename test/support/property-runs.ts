/**
 * fast-check parameters for Lanyard's property and hostile-input suites. The default run is
 * seeded, so a failure reproduces; fast-check prints the seed and the shrunk counterexample's path
 * either way. `npm run test:soak` sets LANYARD_SOAK_RUNS: more runs, from a fresh seed each time
 * unless LANYARD_PROPERTY_SEED pins one (pass the seed a failure printed to replay it).
 */
const DEFAULT_SEED = 20_261_204;

function positiveInteger(name: string): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

function integer(name: string): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, not "${raw}"`);
  return value;
}

/** `{ seed, numRuns }` for fc.assert: `defaultRuns` in `npm test`, LANYARD_SOAK_RUNS under soak. */
export function propertyParameters(defaultRuns: number): { seed: number; numRuns: number } {
  const soakRuns = positiveInteger('LANYARD_SOAK_RUNS');
  const pinned = integer('LANYARD_PROPERTY_SEED');
  const seed = pinned ?? (soakRuns === null ? DEFAULT_SEED : Date.now() % 2_147_483_647);
  return { seed, numRuns: soakRuns ?? defaultRuns };
}

/**
 * The vitest timeout of a property test: the integration default (60 s) in `npm test`, and room
 * for every case under soak (a second per case on a loaded machine; never an assertion on speed).
 */
export function propertyTimeout(defaultRuns: number): number {
  return Math.max(60_000, propertyParameters(defaultRuns).numRuns * 1_000);
}

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirCandidates, resolveTarget } from '../../../cli/cli-config.ts';
import { CliError } from '../../../cli/cli-error.ts';

/** A data dir as npm start leaves it: endpoints.json and secrets.json. */
function localStack(api = 'http://127.0.0.1:4321') {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanyard-cli-config-'));
  writeFileSync(path.join(dir, 'endpoints.json'), JSON.stringify({ api }));
  writeFileSync(
    path.join(dir, 'secrets.json'),
    JSON.stringify({ adminToken: 'lyd_local', webhookSecret: 'whsec_x' }),
  );
  return dir;
}

/** An environment with no user config and no local stack (nothing outside the temp dir is read). */
function emptyEnv(extra: Record<string, string> = {}) {
  const home = mkdtempSync(path.join(tmpdir(), 'lanyard-cli-home-'));
  return { XDG_CONFIG_HOME: home, LANYARD_DATA_DIR: path.join(home, 'no-stack'), ...extra };
}

function refusal(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('resolveTarget', () => {
  it('rejects a missing API by naming LANYARD_DATA_DIR, --api and LANYARD_API_URL, and where it looked', () => {
    const env = emptyEnv();
    const error = refusal(() => resolveTarget({}, env));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(path.join(env.LANYARD_DATA_DIR, 'endpoints.json'));
    expect(error.message).toMatch(/Set the same LANYARD_DATA_DIR here/);
    expect(error.message).toMatch(/--api <url> or set LANYARD_API_URL/);
    expect(error.message).toMatch(/npm start/);
  });

  it('finds the local stack through LANYARD_DATA_DIR and says so', () => {
    const dir = localStack();
    const target = resolveTarget({}, { ...emptyEnv(), LANYARD_DATA_DIR: dir });
    expect(target).toMatchObject({
      apiUrl: 'http://127.0.0.1:4321',
      apiFrom: { kind: 'local-stack', name: path.join(dir, 'endpoints.json') },
      token: 'lyd_local',
      tokenFrom: { kind: 'local-stack', name: path.join(dir, 'secrets.json') },
      webhookSecret: 'whsec_x',
      localStack: { dataDir: dir, hasToken: true },
    });
  });

  it('takes flags over variables over the local stack, and an empty variable as unset', () => {
    const dir = localStack();
    const env = {
      ...emptyEnv(),
      LANYARD_DATA_DIR: dir,
      LANYARD_API_URL: '',
      LANYARD_ADMIN_TOKEN: 'from-env',
    };
    expect(resolveTarget({}, env)).toMatchObject({
      apiFrom: { kind: 'local-stack' },
      token: 'from-env',
      tokenFrom: { kind: 'env', name: 'LANYARD_ADMIN_TOKEN' },
    });
    expect(resolveTarget({ api: 'http://elsewhere.test/', token: 'from-flag' }, env)).toMatchObject({
      apiUrl: 'http://elsewhere.test',
      apiFrom: { kind: 'flag', name: '--api' },
      tokenFrom: { kind: 'flag', name: '--token' },
    });
  });

  it('reads a deployed Lanyard from ~/.config/lanyard/config.json', () => {
    const env = emptyEnv();
    mkdirSync(path.join(env.XDG_CONFIG_HOME, 'lanyard'));
    const file = path.join(env.XDG_CONFIG_HOME, 'lanyard', 'config.json');
    writeFileSync(file, JSON.stringify({ apiUrl: 'https://lanyard.example.com', token: 'jwt' }));
    expect(resolveTarget({}, env)).toMatchObject({
      apiUrl: 'https://lanyard.example.com',
      apiFrom: { kind: 'user-config', name: file },
      tokenFrom: { kind: 'user-config', name: file },
      localStack: null,
    });
  });
});

describe('dataDirCandidates', () => {
  it('looks in LANYARD_DATA_DIR alone when it is set, relative to the current directory', () => {
    expect(dataDirCandidates({ LANYARD_DATA_DIR: 'data' }, '/somewhere')).toEqual(['/somewhere/data']);
  });

  it('otherwise looks in .lanyard here, then in .lanyard of the package npm start runs in', () => {
    const candidates = dataDirCandidates({}, '/somewhere/else');
    expect(candidates[0]).toBe('/somewhere/else/.lanyard');
    expect(candidates[1]).toBe(path.resolve(import.meta.dirname, '../../../.lanyard'));
  });
});

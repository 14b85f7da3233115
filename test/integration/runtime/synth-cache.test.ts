/**
 * The run's synthesis cache (test/support/synth-cache.ts) gives a local stack exactly the template
 * its own config synthesizes, though the simulators' ports (in the config's URLs) differ on every
 * start: one synthesis serves every config that differs only there.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../../infra/deploy-config.ts';
import { synthesizeLocal } from '../../../infra/local/local-stack.ts';
import { testDeployConfig } from '../../support/deploy-config.ts';
import { cachedSynthesize } from '../../support/synth-cache.ts';

const root = mkdtempSync(path.join(tmpdir(), 'lanyard-synth-cache-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A config naming simulators on these ports, as the local stack makes it (AdminHub and an IdP). */
const configOn = (idpPort: number, adminHubPort: number) =>
  parseDeployConfig({
    ...testDeployConfig,
    trello: {
      ...testDeployConfig.trello,
      managementMode: 'adminhub',
      adminHub: { baseUrl: `http://127.0.0.1:${adminHubPort}`, trelloGroupId: 'grp-trello' },
    },
    offboarding: { idp: { kind: 'okta', baseUrl: `http://127.0.0.1:${idpPort}/`, scope: 'sign-in' } },
  });

describe('the synthesis cache', () => {
  it('gives a config whose ports differ the template and ids its own synthesis has, from one synthesis', async () => {
    const cacheDir = path.join(root, 'cache');
    mkdirSync(cacheDir);
    const synthesize = cachedSynthesize(cacheDir);
    const first = await synthesize(configOn(40001, 40002), path.join(root, 'a'));
    expect(readdirSync(cacheDir)).toHaveLength(1);

    const other = configOn(51234, 51235);
    const cached = await synthesize(other, path.join(root, 'b'));
    // Served from the first synthesis: no second entry, nothing written to b.
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(readdirSync(root).sort()).toEqual(['a', 'cache']);
    const own = await synthesizeLocal(other, path.join(root, 'c'));
    expect(cached).toEqual(own);
    // The ports are in the template (the functions' environment), each where its config put it.
    const text = JSON.stringify(cached.template);
    expect(text.includes('"http://127.0.0.1:51234/"')).toBe(true);
    expect(text.includes('"http://127.0.0.1:51235"')).toBe(true);
    expect(text.includes('127.0.0.1:4000')).toBe(false);
    expect(first.logicalIds).toEqual(own.logicalIds);
  });
});

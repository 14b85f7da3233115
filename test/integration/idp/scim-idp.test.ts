/**
 * What only SCIM 2.0 does, against the SCIM simulator on loopback (the course every provider
 * shares is in idp-adapters.test.ts): the simulator behaves like a SCIM service provider — a
 * path-less PatchOp taken, a PatchOp without its schema or with an unsupported path refused with
 * SCIM's error body, atomically.
 */
import { describe, expect, it } from 'vitest';
import { useIdpStand } from '../../support/idp-test-kit.ts';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const scim = useIdpStand('scim', { seed: 5 });

describe('SCIM adapter', () => {
  it('behaves like a SCIM server: path-less PatchOp accepted, bad PatchOps refused atomically', async () => {
    const id = scim.sim.addUser({ email: 'dee@example.com' });
    const patch = (body: unknown) =>
      scim.raw(`/Users/${id}`, { method: 'PATCH', body: JSON.stringify(body) });
    const pathLess = await patch({
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', value: { active: false } }],
    });
    expect(pathLess.status).toBe(200);
    expect(pathLess.headers.get('content-type')).toMatch(/application\/scim\+json/);
    expect(await pathLess.json()).toMatchObject({ id, active: false });

    const writes = scim.sim.stats().writes;
    const noSchema = await patch({ Operations: [{ op: 'replace', path: 'active', value: true }] });
    expect(noSchema.status).toBe(400);
    expect(await noSchema.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidSyntax',
    });
    const halfBad = await patch({
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'active', value: true },
        { op: 'replace', path: 'displayName', value: 'x' },
      ],
    });
    expect(halfBad.status).toBe(400);
    expect(await halfBad.json()).toMatchObject({ scimType: 'invalidPath' });
    expect(scim.sim.user('dee@example.com')?.signInActive).toBe(false);
    expect(scim.sim.stats().writes).toBe(writes);
  });
});

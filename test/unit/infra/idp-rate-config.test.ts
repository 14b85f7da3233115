/** The IdP org's rate in the deploy config: validated before anything is defined, and handed to every function. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigKeys } from '../../../functions/composition/config-keys.ts';
import { parseDeployConfig } from '../../../infra/deploy-config.ts';
import { policyEnvironment } from '../../../infra/policy-environment.ts';

const example = JSON.parse(
  readFileSync(new URL('../../../lanyard.config.example.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, unknown>>;

const withIdp = (idp: Record<string, unknown>) =>
  parseDeployConfig({
    ...example,
    offboarding: { ...example.offboarding, idp: { kind: 'okta', baseUrl: 'https://acme.okta.com', ...idp } },
  });

describe('offboarding.idp.requestsPerMinute', () => {
  it("sets the functions' LANYARD_IDP_REQUESTS_PER_MINUTE when given, and leaves the published default otherwise", () => {
    expect(policyEnvironment(withIdp({ requestsPerMinute: 100 }))[ConfigKeys.idpRequestsPerMinute]).toBe(
      '100',
    );
    expect(policyEnvironment(withIdp({}))).not.toHaveProperty(ConfigKeys.idpRequestsPerMinute);
  });

  it.each([0, 2.5, '600'])('rejects %j, naming the field', (value) => {
    expect(() => withIdp({ requestsPerMinute: value })).toThrow(/requestsPerMinute/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/composition/config.ts';

const base = {
  LANYARD_TABLE_NAME: 'records',
  LANYARD_TRELLO_ENTERPRISE_ID: '5f1e0a4b3c2d1e0f9a8b7c6d',
  LANYARD_TRELLO_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:trello',
};

describe('parseConfig', () => {
  it('reads the environment with defaults', () => {
    const config = parseConfig(base);
    expect(config.trello).toMatchObject({
      apiBaseUrl: 'https://api.trello.com/1',
      pacer: 'dynamodb',
      defaultWorkspaceId: null,
    });
    expect(config.onboarding).toMatchObject({
      newUserPolicy: 'invite',
      approvalTimeoutHours: 168,
      departmentWorkspaces: {},
    });
  });

  it("paces the IdP to the provider's published rate unless the org's own is set", () => {
    const idp = {
      ...base,
      LANYARD_IDP_KIND: 'okta',
      LANYARD_IDP_BASE_URL: 'https://acme.okta.com',
      LANYARD_IDP_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:idp',
    };
    expect(parseConfig(idp).offboarding.idp).toMatchObject({ requestsPerMinute: null, timeScale: 1 });
    expect(parseConfig({ ...idp, LANYARD_IDP_REQUESTS_PER_MINUTE: '100' }).offboarding.idp).toMatchObject({
      requestsPerMinute: 100,
    });
  });

  it.each([
    ['0', /LANYARD_IDP_REQUESTS_PER_MINUTE: must be at least 1 request per minute/],
    ['12.5', /LANYARD_IDP_REQUESTS_PER_MINUTE: must be a whole number of requests per minute/],
    ['many', /LANYARD_IDP_REQUESTS_PER_MINUTE/],
  ])('rejects LANYARD_IDP_REQUESTS_PER_MINUTE=%s, naming it', (value, message) => {
    expect(() => parseConfig({ ...base, LANYARD_IDP_REQUESTS_PER_MINUTE: value })).toThrow(message);
  });

  it('fails naming the variable when Trello credentials are missing', () => {
    const { LANYARD_TRELLO_SECRET_ARN: _arn, ...noSecret } = base;
    expect(() => parseConfig(noSecret)).toThrow(
      /LANYARD_TRELLO_SECRET_ARN .* or both LANYARD_TRELLO_API_KEY and LANYARD_TRELLO_API_TOKEN/,
    );
  });

  it('fails naming the variable for a malformed value', () => {
    expect(() => parseConfig({ ...base, LANYARD_TRELLO_ENTERPRISE_ID: 'acme' })).toThrow(
      /LANYARD_TRELLO_ENTERPRISE_ID: The Trello Enterprise id must be a 24-character Trello id/,
    );
    expect(() => parseConfig({ ...base, LANYARD_DEPARTMENT_WORKSPACES: '{not json' })).toThrow(
      /LANYARD_DEPARTMENT_WORKSPACES: must be a JSON object/,
    );
    expect(() => parseConfig({ ...base, LANYARD_NEW_USER_POLICY: 'maybe' })).toThrow(
      /LANYARD_NEW_USER_POLICY/,
    );
  });

  it('manages the Enterprise through Trello unless told it is managed in Atlassian Administration', () => {
    expect(parseConfig(base).trello.management).toEqual({ mode: 'trello' });
    const adminHub = parseConfig({
      ...base,
      LANYARD_TRELLO_MODE: 'adminhub',
      LANYARD_ADMINHUB_TRELLO_GROUP_ID: 'grp-trello',
      LANYARD_ADMINHUB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:adminhub',
    });
    expect(adminHub.trello.management).toEqual({
      mode: 'adminhub',
      baseUrl: 'https://api.atlassian.com',
      credentials: { secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:adminhub' },
      trelloGroupId: 'grp-trello',
    });
  });

  it('fails naming what AdminHub mode still needs', () => {
    expect(() => parseConfig({ ...base, LANYARD_TRELLO_MODE: 'adminhub' })).toThrow(
      /LANYARD_ADMINHUB_TRELLO_GROUP_ID \(the Atlassian group that gives Trello access\)/,
    );
    // A step not granted the AdminHub secret is told nothing of it: it still starts.
    const ungranted = parseConfig({
      ...base,
      LANYARD_TRELLO_MODE: 'adminhub',
      LANYARD_ADMINHUB_TRELLO_GROUP_ID: 'g',
    });
    expect(ungranted.trello.management).toMatchObject({ mode: 'adminhub', credentials: null });
    expect(() => parseConfig({ ...base, LANYARD_TRELLO_MODE: 'atlassian' })).toThrow(/LANYARD_TRELLO_MODE/);
  });
});

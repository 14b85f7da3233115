/**
 * The HTTP API in the synthesized template: which routes exist, which are behind the Cognito JWT
 * authorizer, throttling and access logs, and what the API functions may do.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { parseDeployConfig } from '../../infra/deploy-config.ts';
import { readHttpRoutes } from '../../infra/local/template/read-http-routes.ts';
import { testDeployConfig } from '../support/deploy-config.ts';

const { stack } = buildApp({ config: testDeployConfig, bundling: false, nag: false });
const template = Template.fromStack(stack);
const json = template.toJSON() as {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

describe('HTTP API', () => {
  it('puts /admin/* behind the JWT authorizer and leaves only signed, token-carrying or data-free routes public', () => {
    const routes = readHttpRoutes(json);
    const byKey = Object.fromEntries(routes.map((r) => [r.routeKey, r]));
    expect(Object.keys(byKey).sort()).toEqual(
      [
        'ANY /admin/{proxy+}',
        // The other admin functions' paths (infra/api-catalog.ts).
        'ANY /admin/audit',
        'ANY /admin/audit/{proxy+}',
        'ANY /admin/sweeps',
        'ANY /admin/sweeps/{proxy+}',
        'ANY /admin/imports',
        'ANY /admin/reconciliations',
        'ANY /admin/reconciliations/{proxy+}',
        'ANY /admin/overview',
        'ANY /admin/seats',
        'ANY /admin/seats/{proxy+}',
        'ANY /admin/consolidation',
        'GET /',
        'GET /admin/openapi.json',
        'GET /console/{file}',
        'POST /hr/events',
        'POST /hr/events/{vendor}',
        // An idle member's answer: the mailed link's single-use token is its credential.
        'POST /keep-seat',
      ].sort(),
    );
    for (const route of routes.filter(
      (r) => r.path.startsWith('/admin/') && r.path !== '/admin/openapi.json',
    ))
      expect(route.authorized, route.routeKey).toBe(true);
    for (const key of [
      'POST /hr/events',
      'POST /hr/events/{vendor}',
      'GET /',
      'GET /admin/openapi.json',
      'GET /console/{file}',
    ])
      expect(byKey[key]?.authorized).toBe(false);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
  });

  it('throttles the API and logs access without query strings or bodies', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.not(Match.stringLikeRegexp('body|querystring')),
      },
    });
  });

  it('gives the webhook secret to the ingest function only, and task callbacks to the admin function only', () => {
    const policies = Object.values(json.Resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    const webhookSecret = Object.keys(json.Resources).find((id) => id.includes('WebhookSigning'));
    const readers = policies.filter((p) => JSON.stringify(p.Properties).includes(`"Ref":"${webhookSecret}"`));
    expect(readers.map((p) => JSON.stringify(p.Properties.Roles))).toEqual([
      expect.stringMatching(/HttpIngest/),
    ]);
    const callbacks = policies.filter((p) => JSON.stringify(p.Properties).includes('states:SendTaskSuccess'));
    expect(callbacks.map((p) => JSON.stringify(p.Properties.Roles)).join()).toMatch(/HttpAdmin/);
    expect(callbacks.map((p) => JSON.stringify(p.Properties.Roles)).join()).not.toMatch(/HttpIngest/);
  });

  it('gives the Trello secret to one admin function only: the one whose routes read Trello', () => {
    const trelloSecret = Object.keys(json.Resources).find((id) => id.includes('TrelloCredentials'));
    const readers = Object.values(json.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((p) => JSON.stringify(p.Properties).includes(`"Ref":"${trelloSecret}"`))
      .map((p) => JSON.stringify(p.Properties.Roles))
      .filter((roles) => roles.includes('Http'));
    expect(readers).toEqual([expect.stringMatching(/HttpAdminTrello/)]);
  });

  it('runs every admin function with gateway authentication, and the console beside one bundle', () => {
    for (const step of ['admin-exports-api', 'admin-imports-api', 'admin-trello-api'])
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({ LANYARD_STEP: step, LANYARD_ADMIN_AUTH: 'gateway' }),
        },
      });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LANYARD_STEP: 'admin-api',
          LANYARD_ADMIN_AUTH: 'gateway',
          LANYARD_CONSOLE_DIR: '/var/task/console',
          LANYARD_EVENT_BUS_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('with HR vendors and an IdP configured: one secret each, read only by the functions that need them', () => {
    const config = parseDeployConfig({
      ...testDeployConfig,
      hrVendors: ['bamboohr', 'hibob'],
      offboarding: { idp: { kind: 'okta', baseUrl: 'https://acme.okta.com' } },
    });
    const configured = Template.fromStack(buildApp({ config, bundling: false, nag: false }).stack);
    const resources = configured.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const secretId = (name: string) =>
      Object.keys(resources).find(
        (id) => id.includes(name) && resources[id]?.Type === 'AWS::SecretsManager::Secret',
      );
    for (const name of ['BambooHrWebhook', 'HiBobWebhook', 'HiBobApi', 'IdpCredentials'])
      expect(secretId(name)).toBeDefined();
    configured.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LANYARD_STEP: 'hr-ingest-api',
          LANYARD_BAMBOOHR_WEBHOOK_SECRET_ARN: { Ref: secretId('BambooHrWebhook') },
          LANYARD_HIBOB_API_SECRET_ARN: { Ref: secretId('HiBobApi') },
        }),
      },
    });
    configured.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LANYARD_STEP: 'deactivate-idp-user',
          LANYARD_IDP_KIND: 'okta',
          LANYARD_IDP_SCOPE: 'sign-in',
          LANYARD_IDP_SECRET_ARN: { Ref: secretId('IdpCredentials') },
        }),
      },
    });
    const idpReaders = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties).includes(`"Ref":"${secretId('IdpCredentials')}"`),
    );
    const roles = idpReaders.map((p) => JSON.stringify(p.Properties.Roles)).join();
    expect(roles).toMatch(/DeactivateIdpUser/);
    expect(roles).not.toMatch(/GrantSeat|HttpAdmin|HttpIngest/);
  });
});

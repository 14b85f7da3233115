import {
  aws_apigatewayv2 as apigw,
  aws_cognito as cognito,
  Duration,
  type aws_kms as kms,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { ConfigKeys as K } from '../../functions/composition/config-keys.ts';
import { API_FUNCTIONS, type ApiFunctionId, CONSOLE_SOURCE_DIR } from '../api-catalog.ts';
import type { RouteThrottleGroup, Throttle } from '../deploy-config.ts';
import { grantStepAccess, type StepAccessTargets, stepEnvironment } from './step-access.ts';
import { StepLambda } from './step-lambda.ts';

export interface HttpApiProps {
  environment: Record<string, string>;
  /** What the functions' catalog access is granted on (the table, secrets, topic, bus, state machines…). */
  access: StepAccessTargets;
  /** Hosted sign-in for the console; without it, admins get JWTs with the AWS CLI (README). */
  cognitoDomainPrefix: string | null;
  /** The stage's default throttle, for a route without its own (burst twice that). */
  rateLimit: number;
  /** Each route's own throttle: a flood on one route cannot use up the others' (admins'). */
  routeThrottles: Record<RouteThrottleGroup, Throttle>;
  /** The key the access log and the functions' logs are encrypted with. */
  logKey: kms.IKey;
}

/**
 * The HTTP API (API Gateway v2): `POST /hr/events` for HR systems (the Standard Webhooks signature
 * is the authentication), `/admin/*` for admins behind a Cognito JWT authorizer, and the console
 * (static files; every call it makes goes through the authorizer).
 */
export class HttpApi extends Construct {
  public readonly api: apigw.HttpApi;
  public readonly userPool: cognito.UserPool;
  public readonly consoleClient: cognito.UserPoolClient;
  public readonly functions: Record<ApiFunctionId, StepLambda>;
  /** Routes without the JWT authorizer: HR events (signed) and data-free static files. */
  public readonly publicRoutes: apigw.HttpRoute[];
  /** The console's URL (the API's root). */
  public readonly consoleUrl: string;
  /** Cognito's hosted sign-in page for the console client (null without a domain prefix). */
  public readonly signInUrl: string | null;
  /** The stage's access log (no query strings or bodies). */
  public readonly accessLogs: logs.LogGroup;
  /** The API routes by key (`POST /hr/events`…), with the throttle group each belongs to. */
  public readonly routeKeys: Record<string, RouteThrottleGroup>;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'Admins', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireSymbols: true,
        requireDigits: true,
        requireUppercase: true,
        requireLowercase: true,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      // The admins' accounts and MFA devices: a stack operation never deletes them (nor does a
      // DeleteUserPool call until someone turns this off).
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Lanyard: HR events in, admin API and console',
      createDefaultStage: true,
    });
    const consoleUrl = this.api.apiEndpoint;
    this.consoleUrl = `${consoleUrl}/`;
    // A public client (no secret: the console is a browser page) using the authorization code flow
    // with PKCE (the console sends an S256 code challenge: functions/api/console/session.js) through
    // the hosted sign-in page, which also walks a new admin through the first password change and
    // the TOTP setup that MFA requires. SRP for SDK sign-ins; ADMIN_USER_PASSWORD_AUTH only for an
    // operator holding AWS credentials (cognito-idp:AdminInitiateAuth), the CLI route of the README.
    this.consoleClient = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true, adminUserPassword: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [this.consoleUrl],
        logoutUrls: [this.consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    const domain = props.cognitoDomainPrefix
      ? this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.cognitoDomainPrefix } })
      : null;
    this.signInUrl = domain ? domain.signInUrl(this.consoleClient, { redirectUri: this.consoleUrl }) : null;

    const stage = this.api.defaultStage?.node.defaultChild as apigw.CfnStage;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logKey,
    });
    this.accessLogs = accessLogs;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      // No query strings or bodies: nothing personal or secret in access logs.
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        route: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        caller: '$context.authorizer.claims.email',
      }),
    };
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.rateLimit,
      throttlingBurstLimit: props.rateLimit * 2,
    };

    const authorizer = new HttpJwtAuthorizer(
      'AdminJwt',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.consoleClient.userPoolClientId] },
    );
    const functions = {} as Record<ApiFunctionId, StepLambda>;
    const publicRoutes: apigw.HttpRoute[] = [];
    const routeKeys: Record<string, RouteThrottleGroup> = {};
    for (const definition of API_FUNCTIONS) {
      const fn = new StepLambda(this, constructIdOf(definition.id), {
        step: definition,
        logKey: props.logKey,
        environment: {
          ...stepEnvironment(definition.access, props.environment, props.access),
          ...(definition.api.admin && { [K.adminAuth]: 'gateway' }),
          ...(definition.api.console && {
            [K.consoleDir]: '/var/task/console',
            ...(this.signInUrl && { [K.consoleLoginUrl]: this.signInUrl }),
          }),
        },
        ...(definition.api.console && { copyIntoBundle: { from: CONSOLE_SOURCE_DIR, to: 'console' } }),
      });
      grantStepAccess(fn.fn, definition.access, props.access);
      functions[definition.id] = fn;

      const integration = new HttpLambdaIntegration(`${constructIdOf(definition.id)}Integration`, fn.fn);
      for (const route of definition.api.routes) {
        const added = this.api.addRoutes({
          path: route.path,
          methods: [apigw.HttpMethod[route.method]],
          integration,
          ...(route.authorized && { authorizer }),
        });
        if (!route.authorized) publicRoutes.push(...added);
        routeKeys[`${route.method} ${route.path}`] = route.throttle;
      }
    }
    this.functions = functions;
    this.publicRoutes = publicRoutes;
    this.routeKeys = routeKeys;
    // Each route its own bucket: the HR routes and /keep-seat are public, and a flood on them must
    // not starve the admin API (one stage-wide limit would let it). `routeSettings` is untyped JSON
    // that CDK passes through unchanged, so the keys must be the ones CloudFormation documents for
    // RouteSettings (PascalCase, like DefaultRouteSettings): CDK's usual camelCase would not be
    // read as throttles, leaving every route on the stage's default.
    stage.routeSettings = Object.fromEntries(
      Object.entries(this.routeKeys).map(([routeKey, group]) => [
        routeKey,
        {
          ThrottlingRateLimit: props.routeThrottles[group].rateLimit,
          ThrottlingBurstLimit: props.routeThrottles[group].burstLimit,
        },
      ]),
    );
    // The stage's route settings name the routes, which must exist first; and every route has a group.
    for (const route of this.api.node.children) {
      if (!(route instanceof apigw.HttpRoute)) continue;
      const routeKey = (route.node.defaultChild as apigw.CfnRoute).routeKey;
      if (!(routeKey in this.routeKeys)) throw new Error(`Route ${routeKey} has no throttle group`);
      stage.node.addDependency(route);
    }
  }
}

/** `admin-trello-api` → `AdminTrello`: the construct ids the functions (and their roles) had. */
function constructIdOf(id: ApiFunctionId): string {
  if (id === 'hr-ingest-api') return 'Ingest';
  return id
    .replace(/-api$/, '')
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

import {
  aws_apigatewayv2 as apigw,
  aws_cognito as cognito,
  Duration,
  type aws_events as events,
  aws_iam as iam,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  type aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ConfigKeys as K } from '../../functions/runtime/config-keys.ts';
import { API_FUNCTIONS, type ApiFunctionId, CONSOLE_SOURCE_DIR } from '../api-catalog.ts';
import { denyAuditRewrites } from './audit-append-only.ts';
import { StepFunction } from './step-function.ts';

export interface HttpApiProps {
  environment: Record<string, string>;
  table: ITable;
  bus: events.IEventBus;
  trelloSecret: secretsmanager.ISecret;
  webhookSecret: secretsmanager.ISecret;
  /** HR vendor secrets the ingest function reads (BambooHR/HiBob webhook keys, the Bob API user), by env key. */
  vendorSecrets: Record<string, secretsmanager.ISecret>;
  /** State machines whose waiting steps the admin API may resume (approvals). */
  callbackStateMachineArns: string[];
  /** The sweep state machine admins start from the API. */
  sweepStateMachineArn: string;
  /** Hosted sign-in for the console; without it, admins get JWTs another way (e.g. the AWS CLI). */
  cognitoDomainPrefix: string | null;
  /** Requests per second across the API (burst twice that): a flood cannot exhaust Lambda or DynamoDB. */
  rateLimit: number;
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
  public readonly functions: Record<ApiFunctionId, StepFunction>;
  /** Routes without the JWT authorizer: HR events (signed) and data-free static files. */
  public readonly publicRoutes: apigw.HttpRoute[];

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
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Lanyard: HR events in, admin API and console',
      createDefaultStage: true,
    });
    const consoleUrl = this.api.apiEndpoint;
    this.consoleClient = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${consoleUrl}/`],
        logoutUrls: [`${consoleUrl}/`],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    const domain = props.cognitoDomainPrefix
      ? this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.cognitoDomainPrefix } })
      : null;

    const stage = this.api.defaultStage?.node.defaultChild as apigw.CfnStage;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
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

    const functions = {} as Record<ApiFunctionId, StepFunction>;
    for (const definition of API_FUNCTIONS) {
      const fn = new StepFunction(this, definition.id === 'admin-api' ? 'Admin' : 'Ingest', {
        step: definition,
        environment: {
          ...props.environment,
          [K.eventBusName]: props.bus.eventBusName,
          ...(definition.api.webhookSecret && { [K.webhookSecretArn]: props.webhookSecret.secretArn }),
          ...(definition.api.webhookSecret &&
            Object.fromEntries(
              Object.entries(props.vendorSecrets).map(([key, secret]) => [key, secret.secretArn]),
            )),
          ...(definition.api.console && {
            [K.adminAuth]: 'gateway',
            [K.consoleDir]: '/var/task/console',
            ...(domain && {
              [K.consoleLoginUrl]: domain.signInUrl(this.consoleClient, { redirectUri: `${consoleUrl}/` }),
            }),
          }),
        },
        ...(definition.api.console && { copyIntoBundle: { from: CONSOLE_SOURCE_DIR, to: 'console' } }),
      });
      props.table.grantReadWriteData(fn.fn);
      denyAuditRewrites(fn.fn, props.table);
      if (definition.access.trelloSecret) props.trelloSecret.grantRead(fn.fn);
      if (definition.api.webhookSecret) {
        props.webhookSecret.grantRead(fn.fn);
        for (const secret of Object.values(props.vendorSecrets)) secret.grantRead(fn.fn);
      }
      if (definition.api.publishEvents) props.bus.grantPutEventsTo(fn.fn);
      if (definition.access.taskCallbacks) {
        fn.fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
            resources: props.callbackStateMachineArns,
          }),
        );
      }
      if (definition.api.console) {
        fn.fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['states:StartExecution'],
            // The sweep on request; onboarding and offboarding when an admin retries a failed run.
            resources: [...new Set([props.sweepStateMachineArn, ...props.callbackStateMachineArns])],
          }),
        );
      }
      functions[definition.id] = fn;
    }
    this.functions = functions;

    const ingest = new HttpLambdaIntegration('IngestIntegration', functions['hr-ingest-api'].fn);
    const admin = new HttpLambdaIntegration('AdminIntegration', functions['admin-api'].fn);
    const authorizer = new HttpJwtAuthorizer(
      'AdminJwt',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.consoleClient.userPoolClientId] },
    );
    const hrEvents = ['/hr/events', '/hr/events/{vendor}'].flatMap((path) =>
      this.api.addRoutes({ path, methods: [apigw.HttpMethod.POST], integration: ingest }),
    );
    this.api.addRoutes({
      path: '/admin/{proxy+}',
      methods: [apigw.HttpMethod.ANY],
      integration: admin,
      authorizer,
    });
    // Public: the API's description and the console's static files hold no data.
    const get = (path: string) =>
      this.api.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration: admin });
    // Public too: an idle member's "keep my seat" answer, whose credential is the mailed link's token.
    const keepSeat = this.api.addRoutes({
      path: '/keep-seat',
      methods: [apigw.HttpMethod.POST],
      integration: admin,
    });
    this.publicRoutes = [
      ...hrEvents,
      ...get('/admin/openapi.json'),
      ...get('/'),
      ...get('/console/{file}'),
      ...keepSeat,
    ];
  }
}

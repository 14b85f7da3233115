import { RemovalPolicy, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HrVendorConfigKeys as V } from '../../functions/composition/api-config.ts';

/**
 * Secrets Lanyard needs. The Trello secret is created empty-shaped; an operator puts the real
 * JSON in after deploy: `{"apiKey": "<Trello API key>", "apiToken": "<Enterprise admin token>"}`.
 */
export class LanyardSecrets extends Construct {
  public readonly trello: secretsmanager.Secret;
  /** The Standard Webhooks secret HR systems sign with: JSON `{"current", "previous"?}`. */
  public readonly webhook: secretsmanager.Secret;

  /** A Slack incoming webhook for admin notifications, when asked for: JSON `{"webhookUrl"}`. */
  public readonly slack: secretsmanager.Secret | null;

  /** The identity provider's API credentials, when one is configured: JSON, shape per provider. */
  public readonly idp: secretsmanager.Secret | null;

  /**
   * The Atlassian Administration API key of an Enterprise managed there (AdminHub), when the deploy
   * config says so: JSON `{"apiKey","orgId","directoryId"}`. Only the steps that change seats or
   * deactivate read it (step-catalog.ts `adminHubSecret`).
   */
  public readonly adminHub: secretsmanager.Secret | null;

  /** Secrets of the HR vendors whose webhooks Lanyard takes, by the env key that names them. */
  public readonly vendors: Record<string, secretsmanager.Secret> = {};

  constructor(
    scope: Construct,
    id: string,
    props: {
      slack: boolean;
      idp: string | null;
      hrVendors: ReadonlyArray<'bamboohr' | 'hibob'>;
      /** @default false */
      adminHub?: boolean;
    },
  ) {
    super(scope, id);
    this.trello = new secretsmanager.Secret(this, 'TrelloCredentials', {
      description: 'Lanyard: Trello API key and Enterprise admin token, JSON {"apiKey","apiToken"}',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ apiKey: 'set-me' }),
        generateStringKey: 'apiToken',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // 32 base64-alphabet characters = 24 random bytes; give HR systems `whsec_<current>`. To
    // rotate, move the value to "previous" and set a new "current": both verify until you drop it.
    this.webhook = new secretsmanager.Secret(this, 'WebhookSigning', {
      description:
        'Lanyard: Standard Webhooks signing secret for POST /hr/events, JSON {"current","previous"?}',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'current',
        passwordLength: 32,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.slack = props.slack
      ? new secretsmanager.Secret(this, 'SlackWebhook', {
          description:
            'Lanyard: Slack incoming webhook for admin notifications, JSON {"webhookUrl": "https://hooks.slack.com/…"}',
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : null;
    const vendorSecret = (id: string, description: string) =>
      new secretsmanager.Secret(this, id, {
        description: `Lanyard: ${description}`,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    if (props.hrVendors.includes('bamboohr')) {
      this.vendors[V.bamboohrWebhookSecretArn] = vendorSecret(
        'BambooHrWebhook',
        'BambooHR webhook private key, JSON {"current","previous"?}',
      );
      this.vendors[V.bamboohrApiSecretArn] = vendorSecret(
        'BambooHrApi',
        'BambooHR API key Event-Based webhooks are read with, JSON {"companyDomain","apiKey"} (leave empty for Field-Based webhooks)',
      );
    }
    if (props.hrVendors.includes('hibob')) {
      this.vendors[V.hibobWebhookSecretArn] = vendorSecret(
        'HiBobWebhook',
        'HiBob webhook secret, JSON {"current","previous"?}',
      );
      this.vendors[V.hibobApiSecretArn] = vendorSecret(
        'HiBobApi',
        'HiBob API service user people are read with, JSON {"serviceUserId","token","baseUrl"?}',
      );
    }
    this.idp = props.idp
      ? new secretsmanager.Secret(this, 'IdpCredentials', {
          description: `Lanyard: ${props.idp} API credentials for offboarding, JSON (fields per provider: README)`,
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : null;
    this.adminHub = props.adminHub
      ? new secretsmanager.Secret(this, 'AdminHubApiKey', {
          description:
            'Lanyard: Atlassian Administration organization API key for seats and deactivation of an AdminHub-managed Enterprise, JSON {"apiKey","orgId","directoryId"}',
          removalPolicy: RemovalPolicy.RETAIN,
        })
      : null;
  }
}

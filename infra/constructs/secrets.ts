import { RemovalPolicy, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Secrets Lanyard needs. The Trello secret is created empty-shaped; an operator puts the real
 * JSON in after deploy: `{"apiKey": "<Trello API key>", "apiToken": "<Enterprise admin token>"}`.
 */
export class LanyardSecrets extends Construct {
  public readonly trello: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
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
  }
}

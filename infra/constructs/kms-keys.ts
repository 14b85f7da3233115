import { ArnFormat, aws_iam as iam, aws_kms as kms, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * A customer managed key the way Lanyard makes them: yearly rotation, and a key policy that lets
 * only AWS services create grants on it (AWS Control Tower's CT.KMS.PR.3): nothing in Lanyard
 * creates grants, so a grant made by a person or a role would only widen who may use the key.
 */
export function lanyardKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, { enableKeyRotation: true, description });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'GrantsOnlyForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
  return key;
}

/**
 * The key every Lanyard log group is encrypted with (function logs, state machine logs, API
 * access logs: they carry employee ids and admins' emails). CloudWatch Logs in this Region may use
 * it for this account's log groups only (the encryption context names the log group).
 */
export function logsKey(scope: Construct, id: string): kms.Key {
  const key = lanyardKey(scope, id, 'Lanyard log groups');
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return key;
}

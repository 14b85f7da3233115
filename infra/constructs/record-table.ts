import { aws_dynamodb as dynamodb, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RECORD_TABLE_KEYS } from '../../functions/adapters/dynamodb/keys.ts';

/**
 * The one records table (DESIGN.md "Records"): pk/sk, a GSI for status listings, TTL, PITR, and
 * deletion protection (the audit trail and approvals outlive any stack operation).
 */
export class RecordTable extends Construct {
  public readonly table: dynamodb.Table;
  /** The status index (gsi1): the only index, queried by the steps whose access says `statusIndex`. */
  public readonly statusIndexName: string = RECORD_TABLE_KEYS.gsi1.name;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const k = RECORD_TABLE_KEYS;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: k.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: k.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: k.ttlAttribute,
      // Audit trail and approvals: losing them with a stack deletion is never what an admin wants,
      // and DeleteTable (console, CLI, a replacement) is refused until someone turns this off.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: k.gsi1.name,
      partitionKey: { name: k.gsi1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: k.gsi1.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}

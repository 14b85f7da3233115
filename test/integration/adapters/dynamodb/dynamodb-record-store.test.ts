import { DynamoDbRecordStore } from '../../../../functions/adapters/dynamodb/dynamodb-record-store.ts';
import { recordStoreContract } from '../../../contract/record-store.contract.ts';
import { startDynalite } from '../../../support/dynalite.ts';

recordStoreContract('DynamoDB on dynalite', async (now) => {
  const db = await startDynalite();
  return {
    store: new DynamoDbRecordStore({ client: db.client, tableName: db.tableName, now }),
    close: db.close,
  };
});

/**
 * The GuardStore contract on dynalite: the mass-change guard's records (GuardRecords) behave as
 * the in-memory fake the core's unit tests use. One server for the file, one fresh table per test.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { GuardRecords } from '../../../../functions/adapters/dynamodb/guard-records.ts';
import { RecordTable } from '../../../../functions/adapters/dynamodb/record-table.ts';
import { guardStoreContract } from '../../../contract/guard-store.contract.ts';
import { createRecordTable, type Dynalite, localClient, startDynalite } from '../../../support/dynalite.ts';

let db: Dynalite | undefined;
let tables = 0;
afterAll(() => db?.close());

guardStoreContract('DynamoDB on dynalite', async () => {
  db ??= await startDynalite();
  const raw = localClient(db.endpoint);
  const tableName = `guard-${++tables}`;
  await createRecordTable(raw, tableName);
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return { guard: new GuardRecords(new RecordTable(client, tableName)), close: async () => raw.destroy() };
});

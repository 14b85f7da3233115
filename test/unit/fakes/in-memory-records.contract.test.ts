/**
 * The in-memory record fakes (test/support/fakes/) against the same record contracts as the
 * DynamoDB adapters: what lets the core's unit tests trust them in place of the table.
 */
import { recordsContract } from '../../contract/records/records.contract.ts';
import { inMemoryRecords } from '../../support/fakes/in-memory-records.ts';

recordsContract('in memory', async (now) => {
  const records = inMemoryRecords(now);
  return {
    records,
    close: async () => {},
    crashBeforeNextAuditAppend: () => records.audit.crashBeforeNextAppend(),
  };
});

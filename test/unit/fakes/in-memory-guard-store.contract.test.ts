/**
 * The in-memory GuardStore (test/support/fakes/in-memory-guard-store.ts) against the same contract
 * as the DynamoDB adapter: what lets the guard's unit tests trust it in place of the table.
 */
import { guardStoreContract } from '../../contract/guard-store.contract.ts';
import { InMemoryGuardStore } from '../../support/fakes/in-memory-guard-store.ts';

guardStoreContract('in memory', async () => ({ guard: new InMemoryGuardStore(), close: async () => {} }));

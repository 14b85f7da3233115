/**
 * A step's record ports are named twice, on purpose: in its handler's defineStep (`records`), which
 * types its dependencies and hands it only those, and in its catalog entry (infra/step-catalog.ts),
 * which says what each function touches without loading its code. This keeps the two equal. (That
 * a handler cannot use a record port it did not name is the compiler's job, and a runtime check
 * behind it: test/integration/runtime/composition.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { RecordPortName } from '../../../functions/ports/records/record-ports.ts';
import { STEP_CATALOG, stepEntryPath } from '../../../infra/step-catalog.ts';

async function namedRecords(step: (typeof STEP_CATALOG)[number]): Promise<readonly RecordPortName[]> {
  const module = (await import(stepEntryPath(step))) as { handler: { records?: readonly RecordPortName[] } };
  const records = module.handler.records;
  if (!records) throw new Error(`${step.entry} says nothing of its record ports: name them in defineStep`);
  return records;
}

describe.each(STEP_CATALOG)('$id', (step) => {
  it('names in defineStep exactly the record ports its catalog entry lists', async () => {
    const named = await namedRecords(step);
    expect([...named].sort()).toEqual([...step.records].sort());
  });
});

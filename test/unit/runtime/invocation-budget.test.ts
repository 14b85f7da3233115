import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { budgetOf } from '../../../functions/composition/invocation-budget.ts';

const context = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs }) as Context;
const NOW = 1_000_000;

describe('budgetOf', () => {
  it('keeps a tenth of the time (at least 2 s) back for recording what the step did', () => {
    expect(budgetOf(context(60_000), true, NOW)).toEqual({ deadline: NOW + 54_000, urgent: true });
    expect(budgetOf(context(10_000), false, NOW)).toEqual({ deadline: NOW + 8_000, urgent: false });
  });
});

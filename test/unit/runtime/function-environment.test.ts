/**
 * Lambda's 4 KB environment limit as the local stack checks it: the variables as compact JSON
 * (what Lambda measures), intrinsics at their longest deployed value, and a refusal that names the
 * function and its largest variables without printing any value.
 */
import { describe, expect, it } from 'vitest';
import {
  assertEnvironmentsWithinLimit,
  environmentSizes,
} from '../../../infra/local/template/function-environment.ts';
import type { Template } from '../../../infra/local/template/read-template.ts';

const withVariables = (variables: Record<string, unknown>): Template => ({
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: variables } } },
  },
});

describe('function environment size', () => {
  it('measures the variables as compact JSON, intrinsics at their deployed length', () => {
    const [size] = environmentSizes(
      withVariables({ A: 'x', TABLE: { Ref: 'Table' }, SECRET: { Ref: 'Secret' } }),
    );
    const table = 'Lanyard-Table-XXXXXXXXXXXXX';
    const secret =
      'arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:Lanyard-Secret-XXXXXXXXXXXXX-XXXXXX';
    expect(size?.bytes).toBe(JSON.stringify({ A: 'x', TABLE: table, SECRET: secret }).length);
    expect(size?.variables.map((v) => v.name)).toEqual(['SECRET', 'TABLE', 'A']);
  });

  it('refuses a function over 4,096 bytes, naming it and its largest variables, never a value', () => {
    const secretValue = 's3cr3t-'.repeat(600);
    expect(() => assertEnvironmentsWithinLimit(withVariables({ A: 'x'.repeat(4_088) }))).not.toThrow();
    const error = (() => {
      try {
        assertEnvironmentsWithinLimit(withVariables({ TOKEN: secretValue, A: 'x' }));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/function Fn: 4220 bytes \(largest: TOKEN 4211 bytes, A 8 bytes\)/);
    expect(error?.message).not.toContain('s3cr3t');
  });
});

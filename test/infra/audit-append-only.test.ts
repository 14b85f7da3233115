/**
 * On AWS no Lambda may update or delete an audit item: every function's role carries the explicit
 * deny of infra/constructs/audit-append-only.ts on the records table (synthesized template, cdk-nag
 * included in the synth).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { AUDIT_LEADING_KEYS } from '../../infra/constructs/audit-append-only.ts';
import { testDeployConfig } from '../support/deploy-config.ts';

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

const outdir = mkdtempSync(path.join(tmpdir(), 'lanyard-audit-iam-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('append-only audit on AWS', () => {
  const { app, stack } = buildApp({ config: testDeployConfig, bundling: false, outdir });
  // synth runs the cdk-nag validation plugin: an unacknowledged finding throws here.
  app.synth();
  const resources = (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
  const [tableId] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::DynamoDB::Table') ?? [];
  const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };

  const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
  /** Every statement of the policies attached to a role. */
  const statementsOf = (roleId: string): Statement[] =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((r) => (r.Properties.Roles as Array<{ Ref?: string }>).some((role) => role.Ref === roleId))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const actions = (s: Statement) => [s.Action].flat();

  it('finds the functions and the table', () => {
    expect(tableId).toBeDefined();
    expect(functions.length).toBeGreaterThan(20);
  });

  it.each(functions.map(([id, fn]) => [id, fn] as const))(
    '%s may not update or delete audit items',
    (_id, fn) => {
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const statements = statementsOf(roleId);
      const denies = statements.filter(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Resource) === JSON.stringify(tableArn),
      );
      expect(denies).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS] } },
          }),
          expect.objectContaining({
            Action: 'dynamodb:BatchWriteItem',
            Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS] } },
          }),
          expect.objectContaining({ Action: ['dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'] }),
        ]),
      );
      expect(AUDIT_LEADING_KEYS).toBe('AUDIT#*');
      // The deny is unconditional on who asks: nothing in the role allows around it on the table.
      const partiql = statements.filter(
        (s) => s.Effect === 'Allow' && actions(s).some((a) => a.startsWith('dynamodb:PartiQL')),
      );
      expect(partiql).toEqual([]);
    },
  );
});

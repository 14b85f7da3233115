/**
 * Deploy config `leaveApproval` and the runtime variable it becomes: off by default, on only with a
 * leave policy that changes access (approval of `keep` would ask nothing and is refused, saying
 * why), and the same value in the environment every step reads.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/composition/config.ts';
import { ConfigKeys as K } from '../../../functions/composition/config-keys.ts';
import { parseDeployConfig } from '../../../infra/deploy-config.ts';
import { policyEnvironment } from '../../../infra/policy-environment.ts';

const trello = { enterpriseId: '5f1e0a4b3c2d1e0f9a8b7c6d' };
const env = {
  LANYARD_TABLE_NAME: 'records',
  LANYARD_TRELLO_ENTERPRISE_ID: '5f1e0a4b3c2d1e0f9a8b7c6d',
  LANYARD_TRELLO_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:trello',
};

describe('deploy config leaveApproval', () => {
  it('is off by default and reaches every step as LANYARD_LEAVE_APPROVAL', () => {
    const off = parseDeployConfig({ trello, leaveOfAbsence: 'free-seat' }, 'test');
    expect(off.leaveApproval).toBe(false);
    expect(policyEnvironment(off)[K.leaveApproval]).toBe('false');
    const on = parseDeployConfig({ trello, leaveOfAbsence: 'free-seat', leaveApproval: true }, 'test');
    expect(policyEnvironment(on)[K.leaveApproval]).toBe('true');
    expect(parseConfig({ ...env, ...policyEnvironment(on) }).leave).toEqual({
      policy: 'free-seat',
      approval: true,
      approvalStateMachineArn: null,
    });
  });

  it('refuses approval with the policy keep, saying what to change', () => {
    expect(() => parseDeployConfig({ trello, leaveApproval: true }, 'test')).toThrow(
      /leaveApproval asks admins before a leave of absence changes access, and leaveOfAbsence "keep" changes none: set leaveOfAbsence to "suspend-sign-in" or "free-seat", or turn leaveApproval off/,
    );
  });

  it('refuses a value that is not a boolean', () => {
    expect(() =>
      parseDeployConfig({ trello, leaveOfAbsence: 'free-seat', leaveApproval: 'yes' }, 'test'),
    ).toThrow(/leaveApproval/);
  });
});

describe('runtime config LANYARD_LEAVE_APPROVAL', () => {
  it('reads true, false, and the leave-approval state machine', () => {
    expect(parseConfig(env).leave).toEqual({
      policy: 'keep',
      approval: false,
      approvalStateMachineArn: null,
    });
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Lanyard-LeaveApproval';
    expect(
      parseConfig({
        ...env,
        [K.leavePolicy]: 'suspend-sign-in',
        [K.leaveApproval]: 'true',
        [K.leaveApprovalStateMachineArn]: arn,
      }).leave,
    ).toEqual({ policy: 'suspend-sign-in', approval: true, approvalStateMachineArn: arn });
  });

  it('refuses approval with the policy keep and any value but true or false, naming the variables', () => {
    expect(() => parseConfig({ ...env, [K.leaveApproval]: 'true' })).toThrow(
      /LANYARD_LEAVE_APPROVAL: LANYARD_LEAVE_APPROVAL asks admins .* LANYARD_LEAVE_POLICY "keep" changes none/,
    );
    expect(() => parseConfig({ ...env, [K.leavePolicy]: 'free-seat', [K.leaveApproval]: 'yes' })).toThrow(
      /LANYARD_LEAVE_APPROVAL/,
    );
  });
});

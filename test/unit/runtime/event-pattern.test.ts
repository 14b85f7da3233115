/** Event patterns, checked against examples in the shape of AWS's "EventBridge event patterns" docs. */
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../infra/local/runtime/event-pattern.ts';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    c: 5,
    name: 'Lanyard',
    tags: ['a', 'b'],
  },
};

describe('matchesPattern', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['exact value', { source: ['aws.ec2'] }, true],
    ['any of several values', { detail: { state: ['running', 'terminated'] } }, true],
    ['a value not listed', { detail: { state: ['running'] } }, false],
    ['every field must match', { source: ['aws.ec2'], 'detail-type': ['Other'] }, false],
    [
      'array values match any item',
      { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] },
      true,
    ],
    ['prefix', { region: [{ prefix: 'us-' }] }, true],
    ['prefix no match', { region: [{ prefix: 'eu-' }] }, false],
    ['suffix', { detail: { name: [{ suffix: 'yard' }] } }, true],
    ['equals-ignore-case', { detail: { name: [{ 'equals-ignore-case': 'LANYARD' }] } }, true],
    ['anything-but value', { detail: { state: [{ 'anything-but': 'running' }] } }, true],
    ['anything-but list', { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, false],
    ['anything-but prefix', { region: [{ 'anything-but': { prefix: 'us-' } }] }, false],
    ['numeric range', { detail: { c: [{ numeric: ['>', 0, '<=', 5] }] } }, true],
    ['numeric outside', { detail: { c: [{ numeric: ['<', 5] }] } }, false],
    ['exists true', { detail: { 'instance-id': [{ exists: true }] } }, true],
    ['exists false on a missing field', { detail: { missing: [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { state: [{ exists: false }] } }, false],
    ['wildcard', { 'detail-type': [{ wildcard: 'EC2 * Notification' }] }, true],
    ['$or', { detail: { $or: [{ state: ['running'] }, { c: [{ numeric: ['=', 5] }] }] } }, true],
    ['missing field never matches a value', { detail: { owner: ['me'] } }, false],
  ])('%s', (_name, pattern, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });

  it('rejects an operator it does not implement, naming it', () => {
    expect(() => matchesPattern({ source: [{ cidr: '10.0.0.0/24' }] }, event)).toThrow(/"cidr"/);
  });
});

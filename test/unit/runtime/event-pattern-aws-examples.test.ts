/**
 * The examples of AWS's "Content filtering in Amazon EventBridge event patterns" page, against its
 * example EC2 event (with the fields the page's examples read).
 */
import { describe, expect, it } from 'vitest';
import { assertPatternSupported, matchesPattern } from '../../../infra/local/runtime/event-pattern.ts';

const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-10-02T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    FileName: 'image.png',
    EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/lanyard',
    responseElements: null,
    eventVersion: '',
  },
};

describe('matchesPattern on AWS documented examples', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['prefix on time', { time: [{ prefix: '2017-10-02' }] }, true],
    ['prefix ignoring case', { detail: { state: [{ prefix: { 'equals-ignore-case': 'TERM' } }] } }, true],
    ['suffix', { detail: { FileName: [{ suffix: '.png' }] } }, true],
    ['suffix ignoring case', { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }, true],
    ['anything-but a string', { detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
    ['anything-but a list', { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, false],
    ['anything-but numbers', { detail: { 'c-count': [{ 'anything-but': [100, 200, 300] }] } }, true],
    ['anything-but a prefix', { detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }, false],
    ['anything-but a suffix', { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, true],
    [
      'anything-but ignoring case',
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'TERMINATED'] } }] } },
      false,
    ],
    [
      'numeric ranges',
      {
        detail: {
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ numeric: ['=', 3.018e2] }],
        },
      },
      true,
    ],
    ['exists', { detail: { 'c-count': [{ exists: true }] } }, true],
    ['exists false', { detail: { 'e-count': [{ exists: false }] } }, true],
    [
      'equals-ignore-case',
      { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      true,
    ],
    ['wildcard', { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } }, true],
    ['wildcard no match', { detail: { FileName: [{ wildcard: '*.jpg' }] } }, false],
    [
      '$or',
      {
        detail: {
          $or: [
            { 'c-count': [{ numeric: ['>', 0, '<=', 1] }] },
            { 'd-count': [{ numeric: ['<', 10] }] },
            { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
          ],
        },
      },
      true,
    ],
    ['$or with no alternative matching', { $or: [{ source: ['aws.s3'] }, { region: ['eu-west-1'] }] }, false],
    ['null matches null', { detail: { responseElements: [null] } }, true],
    ['empty string matches empty string', { detail: { eventVersion: [''] } }, true],
    ['array field matches any element', { resources: [{ prefix: 'arn:aws:ec2:' }] }, true],
    ['exact values are case sensitive', { source: ['AWS.EC2'] }, false],
    ['a number pattern does not match a string', { detail: { state: [5] } }, false],
  ])('%s', (_name, pattern, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });

  it('rejects at load a pattern with an operator it does not implement, naming it and the field', () => {
    expect(() =>
      assertPatternSupported({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, 'Rule R'),
    ).toThrow(/Rule R: event pattern operator "cidr" at "source-ip"/);
    expect(() =>
      assertPatternSupported(
        { source: ['a'], detail: { state: [{ 'anything-but': { prefix: 'x' } }] } },
        'R',
      ),
    ).not.toThrow();
  });
});

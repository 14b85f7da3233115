import { describe, expect, it } from 'vitest';
import { TrelloRequestRejectedError, WorkspaceRestrictedError } from '../../../functions/core/errors.ts';
import { refusalDetail, workspaceRefusal } from '../../../functions/core/workspace-restrictions.ts';
import { emailAllowedBy } from '../../../infra/local/simulators/trello/enterprise/workspace-restrictions.ts';

describe('workspaceRefusal', () => {
  it('names the Workspace, the domain restriction and what an admin can do', () => {
    const refusal = workspaceRefusal(
      new WorkspaceRestrictedError('refused', 'email-domain'),
      'ws1',
      'ana@partner.example',
    );
    expect(refusal).toEqual({
      workspaceId: 'ws1',
      restriction: 'email-domain',
      detail:
        "Workspace ws1 refused ana@partner.example: its membership restrictions allow only approved email domains, and partner.example is not one. An admin can allow partner.example in the Workspace's membership restrictions, make ana@partner.example a managed member, or add them to the Workspace by hand; Lanyard does not retry this.",
    });
  });

  it.each([
    [
      'managed-only',
      /allow only managed members of the Enterprise\. An admin can make bo@x\.example a managed member/,
    ],
    ['unknown', /do not allow this person\. An admin can allow x\.example/],
  ] as const)('words the %s restriction', (restriction, expected) => {
    expect(refusalDetail('ws', 'bo@x.example', restriction)).toMatch(expected);
  });

  it('answers null for any other error, so the caller rethrows it', () => {
    expect(workspaceRefusal(new TrelloRequestRejectedError('400'), 'ws', 'a@b.example')).toBeNull();
  });
});

describe('the simulator reading prefs/orgInviteRestrict', () => {
  it.each([
    [[], 'a@any.example', true],
    [['example.com'], 'A@Example.com', true],
    [['example.com'], 'a@sub.example.com', false],
    [['*.example.com'], 'a@sub.example.com', true],
    [['*@example.com'], 'a@example.com', true],
    [['subdomain.*.trello.com'], 'a@subdomain.eu.trello.com', true],
    [['partner.example', 'example.com'], 'a@other.example', false],
  ] as const)('allows %j for %s: %s', (patterns, email, allowed) => {
    expect(emailAllowedBy(patterns, email)).toBe(allowed);
  });
});

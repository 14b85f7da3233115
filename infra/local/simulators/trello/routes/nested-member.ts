import { canSeeEmail } from '../auth.ts';
import { type Json, nestedMemberJson, parseFieldList } from '../representations.ts';
import { type ApiContext, booleanQuery } from '../route-kit.ts';

/** Default nested member fields (Trello's nested-resource default). */
export const NESTED_MEMBER_DEFAULT = 'fullName,username';

/**
 * The `member=true&member_fields=…` part of a memberships listing (boards and Workspaces): the
 * nested member of one membership, or undefined when not asked for.
 */
export function nestedMemberFor(ctx: ApiContext): (idMember: string) => Json | undefined {
  const withMember = booleanQuery(ctx, 'member') ?? false;
  const fields = parseFieldList(ctx.query('member_fields'), NESTED_MEMBER_DEFAULT);
  return (idMember) => {
    const member = withMember ? ctx.state.member(idMember) : undefined;
    return member === undefined
      ? undefined
      : nestedMemberJson(
          ctx.state,
          member,
          fields,
          canSeeEmail(ctx.state, ctx.caller, member),
          'member_fields',
        );
  };
}

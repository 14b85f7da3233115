/** Atlassian-account API tokens in memory, for unit tests (the Atlassian Admin simulator serves them for real). */
import type { AtlassianApiToken, AtlassianApiTokens } from '../../../functions/ports/atlassian-api-tokens.ts';

export class InMemoryAtlassianTokens implements AtlassianApiTokens {
  /** Tokens by account id. */
  readonly tokens = new Map<string, AtlassianApiToken[]>();
  readonly revoked: string[] = [];

  async listApiTokens(accountId: string): Promise<AtlassianApiToken[]> {
    return (this.tokens.get(accountId) ?? []).map((t) => ({ ...t }));
  }

  async revokeApiToken(accountId: string, tokenId: string): Promise<'revoked' | 'already'> {
    const tokens = this.tokens.get(accountId) ?? [];
    const left = tokens.filter((t) => t.id !== tokenId);
    if (left.length === tokens.length) return 'already';
    this.tokens.set(accountId, left);
    this.revoked.push(tokenId);
    return 'revoked';
  }
}

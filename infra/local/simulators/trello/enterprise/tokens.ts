/** Members' API tokens (ref: NOTES.md §6): made for a test, deleted one by one or by kind. */
import { createHash } from 'node:crypto';
import type { TokenKind, TokenPermissionRecord, TokenRecord } from '../state-schema.ts';
import { modelNotFound } from '../trello-errors.ts';
import { member as memberById, tokensOf } from './lookups.ts';
import type { StateStore } from './state-store.ts';

export interface NewTokenInput {
  idMember: string;
  kind: TokenKind;
  identifier: string;
  dateExpires: string | null;
  permissions?: TokenPermissionRecord[];
}

export function deleteToken(store: StateStore, value: string): boolean {
  return store.index.tokensByValue.delete(value);
}

export function deleteTokensOf(store: StateStore, memberId: string, kinds: readonly TokenKind[]): number {
  let deleted = 0;
  for (const token of tokensOf(store, memberId)) {
    if (kinds.includes(token.kind) && store.index.tokensByValue.delete(token.value)) deleted += 1;
  }
  return deleted;
}

export function createToken(store: StateStore, input: NewTokenInput): TokenRecord {
  const owner = memberById(store, input.idMember);
  if (!owner) throw modelNotFound();
  const id = store.newId();
  const token: TokenRecord = {
    id,
    // Derived from the machine and the id, so a replayed journal makes the same token values.
    value: createHash('sha256').update(`${store.index.meta.idMachine}:token:${id}`).digest('hex'),
    kind: input.kind,
    idMember: owner.id,
    identifier: input.identifier,
    dateCreated: store.nowIso(),
    dateExpires: input.dateExpires,
    permissions: input.permissions ?? [{ idModel: '*', modelType: 'board', read: true, write: true }],
  };
  store.index.tokensByValue.set(token.value, token);
  return token;
}

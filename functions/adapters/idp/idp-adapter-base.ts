/**
 * The course every identity-provider adapter takes, once (the template method the STYLE guide asks
 * for: "a base holds find → deactivate → read back, and each vendor implements its primitives"):
 *
 * 1. Read the user as the provider holds them for the scope ({@link IdpAdapterBase.read}).
 * 2. No such user: a cut is `already` done (nobody can sign in as them) unless the vendor says
 *    otherwise; a rehire fails, naming what to do ({@link IdpAdapterBase.missing}).
 * 3. Already in the target state: `already`, with no write — except what must hold on every try
 *    ({@link IdpAdapterBase.keepCut}, e.g. ending sessions a failed earlier try left open).
 * 4. Otherwise the vendor's write ({@link IdpAdapterBase.cut} / {@link IdpAdapterBase.restore}),
 *    and `changed`. The read-back is the workflow's: it calls `isDeactivated` afterwards, which
 *    is step 1 again.
 *
 * A step reads a user once: what one invocation read of a user (and what a vendor's lookup read,
 * when the lookup is a read of the user: {@link IdpAdapterBase.remember}) answers its later reads
 * of that user, until a write of that user forgets it — so a cut's check and its own step 1 are
 * one call, and the read-back after a write is always a fresh read. Against Okta's 600 calls a
 * minute that is a leaver's cut in 4 calls instead of 6. Kept per invocation (the step's budget
 * object, held weakly): never across steps, and nothing outside a step.
 *
 * Lookup by email and the blast-radius text stay with each vendor (their APIs differ most there).
 */
import type {
  IdentityProvider,
  IdpChange,
  IdpKind,
  IdpScope,
  IdpUser,
} from '../../ports/identity-provider.ts';

export abstract class IdpAdapterBase<State> implements IdentityProvider {
  abstract readonly kind: IdpKind;
  /** Per invocation: each user's state read in it, by `<scope> <id>`. */
  private readonly seen = new WeakMap<object, Map<string, State>>();

  /** @param invocation the step invocation running now (its budget), undefined outside a step. */
  constructor(private readonly invocation: () => object | undefined = () => undefined) {}

  abstract findUser(email: string): Promise<IdpUser | null>;
  abstract blastRadius(scope: IdpScope): string;

  /** Primitive: the user as the provider holds them for `scope`, or null when it has no such user. */
  protected abstract read(id: string, scope: IdpScope): Promise<State | null>;
  protected abstract toIdpUser(state: State): IdpUser;
  /** Primitive: whether `scope`'s cut holds in this state. */
  protected abstract isCut(state: State, scope: IdpScope): boolean;
  /** Primitive: make the cut (called only when it does not hold). */
  protected abstract cut(state: State, scope: IdpScope): Promise<void>;
  /**
   * Primitive: undo the cut (called only when it holds); `already` when this state needs no call
   * for `scope` (e.g. a user who was never activated).
   */
  protected abstract restore(state: State, scope: IdpScope): Promise<IdpChange>;

  /** What must hold on every cut, even one found done already (ending sessions). @default nothing */
  protected async keepCut(_state: State, _scope: IdpScope): Promise<void> {}

  /**
   * The provider has no such user. On a cut: `already` (no one can sign in as them) unless the
   * vendor throws; on a rehire: the error to throw.
   */
  protected missing(user: IdpUser, _scope: IdpScope, during: 'deactivate' | 'reactivate'): 'already' {
    if (during === 'deactivate') return 'already';
    throw this.cannotReactivate(user);
  }

  /** The error a rehire of a user the provider no longer has fails with. */
  protected abstract cannotReactivate(user: IdpUser): Error;

  async getUser(id: string): Promise<IdpUser | null> {
    const state = await this.current(id, 'sign-in');
    return state === null ? null : this.toIdpUser(state);
  }

  async isDeactivated(user: IdpUser, scope: IdpScope): Promise<boolean> {
    const state = await this.current(user.id, scope);
    return state === null || this.isCut(state, scope);
  }

  async deactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange> {
    const state = await this.current(user.id, scope);
    if (state === null) return this.missing(user, scope, 'deactivate');
    try {
      if (this.isCut(state, scope)) {
        await this.keepCut(state, scope);
        return 'already';
      }
      await this.cut(state, scope);
      return 'changed';
    } finally {
      this.forget(user.id);
    }
  }

  async reactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange> {
    const state = await this.current(user.id, scope);
    if (state === null) return this.missing(user, scope, 'reactivate');
    if (!this.isCut(state, scope)) return 'already';
    try {
      return await this.restore(state, scope);
    } finally {
      this.forget(user.id);
    }
  }

  /**
   * A state of the user read by a direct read of the user resource (not a search: search indexes
   * may lag), valid for `scopes`: later reads in this invocation take it instead of calling.
   */
  protected remember(id: string, state: State, scopes: readonly IdpScope[]): void {
    const invocation = this.invocation();
    if (invocation === undefined) return;
    const states = this.seen.get(invocation) ?? new Map<string, State>();
    this.seen.set(invocation, states);
    for (const scope of scopes) states.set(`${scope} ${id}`, state);
  }

  private async current(id: string, scope: IdpScope): Promise<State | null> {
    const invocation = this.invocation();
    const known = invocation && this.seen.get(invocation)?.get(`${scope} ${id}`);
    if (known) return known;
    const state = await this.read(id, scope);
    if (state !== null) this.remember(id, state, [scope]);
    return state;
  }

  /** After a write (or a try at one) the user's state is not known any more. */
  private forget(id: string): void {
    const invocation = this.invocation();
    const states = invocation && this.seen.get(invocation);
    if (states) for (const scope of ['sign-in', 'account'] as const) states.delete(`${scope} ${id}`);
  }
}

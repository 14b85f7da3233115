/**
 * An identity provider in memory, for unit tests of the core. The IdP simulators
 * (infra/local/simulators/idp) are HTTP servers that the integration tests drive through the real
 * adapters; a unit test needs no process. Users can sign in until deactivated; `failNextDeactivate`
 * makes the next change throw as an outage would, and `ignoreDeactivate` makes a change that the
 * read-back then contradicts.
 */
import type {
  IdentityProvider,
  IdpChange,
  IdpScope,
  IdpUser,
} from '../../../functions/ports/identity-provider.ts';

export class InMemoryIdp implements IdentityProvider {
  readonly kind = 'okta';
  readonly users = new Map<string, IdpUser>();
  readonly deactivations: Array<{ userId: string; scope: IdpScope }> = [];
  failNextDeactivate: Error | null = null;
  ignoreDeactivate = false;

  addUser(user: IdpUser): void {
    this.users.set(user.id, { ...user });
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const user = [...this.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase());
    return user ? { ...user } : null;
  }

  async getUser(id: string): Promise<IdpUser | null> {
    const user = this.users.get(id);
    return user ? { ...user } : null;
  }

  async deactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange> {
    if (this.failNextDeactivate) {
      const error = this.failNextDeactivate;
      this.failNextDeactivate = null;
      throw error;
    }
    this.deactivations.push({ userId: user.id, scope });
    const stored = this.users.get(user.id);
    if (stored === undefined || !stored.active) return 'already';
    if (!this.ignoreDeactivate) Object.assign(stored, { active: false, status: 'SUSPENDED' });
    return 'changed';
  }

  async reactivate(user: IdpUser): Promise<IdpChange> {
    const stored = this.users.get(user.id);
    if (stored === undefined || stored.active) return 'already';
    Object.assign(stored, { active: true, status: 'ACTIVE' });
    return 'changed';
  }

  async isDeactivated(user: IdpUser): Promise<boolean> {
    return this.users.get(user.id)?.active === false;
  }

  blastRadius(scope: IdpScope): string {
    return scope === 'sign-in' ? 'suspends sign-in to Trello' : 'deactivates the whole account';
  }
}

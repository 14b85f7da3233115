/**
 * A port whose adapter is built on its first call. Building the Trello or IdP adapter reads a
 * secret, and each Lambda is granted only the secrets its step uses (infra/step-catalog.ts): a
 * step that never calls Trello must not fail reading Trello's secret while its dependencies are
 * put together. A failed build is not kept, so the next call tries again.
 *
 * Members that need no adapter (a port's `kind`, a fixed text) are given in `known` and answered
 * at once; every other member must be an async method (each call already returns a promise).
 */
export function lazyPort<T extends object>(build: () => Promise<T>, known: Partial<T> = {}): T {
  let built: Promise<T> | undefined;
  const adapter = () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
  return new Proxy({} as T, {
    get(_target, property) {
      // Not a thenable: `await port` must give the port back, not call a method named `then`.
      if (property === 'then') return undefined;
      if (Object.hasOwn(known, property)) return known[property as keyof T];
      return async (...args: unknown[]) => {
        const target = (await adapter()) as Record<PropertyKey, unknown>;
        const member = target[property];
        if (typeof member !== 'function')
          throw new TypeError(`${String(property)} is not a method of this port`);
        return member.apply(target, args);
      };
    },
  });
}

import { describe, expect, it } from 'vitest';
import { lazyPort } from '../../../functions/composition/lazy-port.ts';

interface Greeter {
  greet(name: string): Promise<string>;
}

describe('lazyPort', () => {
  it('builds nothing until the first call, then builds once for every call', async () => {
    let builds = 0;
    const port = lazyPort<Greeter>(async () => {
      builds += 1;
      return { greet: async (name) => `hello ${name}` };
    });
    expect(builds).toBe(0);
    expect(await Promise.all([port.greet('a'), port.greet('b')])).toEqual(['hello a', 'hello b']);
    expect(await port.greet('c')).toBe('hello c');
    expect(builds).toBe(1);
  });

  it('tries the build again after it failed (a secret unreachable once is not unreachable forever)', async () => {
    let attempts = 0;
    const port = lazyPort<Greeter>(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('AccessDeniedException');
      return { greet: async (name) => `hi ${name}` };
    });
    await expect(port.greet('a')).rejects.toThrow('AccessDeniedException');
    expect(await port.greet('b')).toBe('hi b');
  });

  it('answers the members it was told up front without building the adapter', async () => {
    let builds = 0;
    const port = lazyPort<Greeter & { kind: string; label(): string }>(
      async () => {
        builds += 1;
        return { kind: 'x', label: () => 'x', greet: async () => 'x' };
      },
      { kind: 'okta', label: () => 'Okta' },
    );
    expect([port.kind, port.label()]).toEqual(['okta', 'Okta']);
    expect(builds).toBe(0);
  });

  it('is not mistaken for a promise, and names a member the adapter lacks', async () => {
    const port = lazyPort<Greeter>(async () => ({ greet: async () => 'x' }));
    expect(await Promise.resolve(port)).toBe(port);
    await expect((port as unknown as { wave(): Promise<void> }).wave()).rejects.toThrow(
      'wave is not a method of this port',
    );
  });
});

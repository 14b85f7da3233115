/** Free loopback ports for a local stack started as its own process (`npm start` takes LANYARD_PORT and the five after it). */
import { createServer } from 'node:net';

/** The stack takes LANYARD_PORT and the five ports after it. */
export const STACK_PORT_COUNT = 6;

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export async function allFree(base: number): Promise<boolean> {
  for (let offset = 0; offset < STACK_PORT_COUNT; offset++)
    if (!(await portIsFree(base + offset))) return false;
  return true;
}

/** A LANYARD_PORT whose six ports are free now, away from the default 4100 a person may be using. */
export async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 4_000) * 10;
    if (await allFree(base)) return base;
  }
}

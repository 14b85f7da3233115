/**
 * A simulator run as its own process (its CLI under `node --import tsx`, no npx in between), so
 * a test can `kill -9` exactly that process and start another on the same files.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Generous: two loaded cores compile the simulator's TypeScript on the fly. */
const READY_MS = 60_000;

export interface SimulatorProcess {
  /** The URL the simulator printed when ready. */
  url: string;
  /** Sends `signal` and resolves once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts `script` (relative to the repository) with `args`; resolves when it prints its URL. */
export async function startSimulatorProcess(script: string, args: string[]): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} printed no URL in ${READY_MS} ms: ${output.join('')}`)),
      READY_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output.join(''));
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready: ${output.join('')}`));
    });
  });
  return {
    url,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Ends (SIGKILL) every simulator process a test started and left running. */
export async function stopSimulatorProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

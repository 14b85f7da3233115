/**
 * Keeps every line the process writes to stdout and stderr while a suite runs, to check what the
 * logs would say (the handlers' structured JSON lines are kept and not printed; anything else is
 * printed as usual). Tests run with logging off (vitest.config.mts): this also turns Powertools'
 * logger to `level` until released.
 */
import { logger } from '../../functions/composition/powertools.ts';

export interface CapturedLogs {
  /** Everything written so far, chunk by chunk. */
  lines: string[];
  /** Stops capturing and turns logging off again. */
  release(): void;
}

export function captureLogs(level: 'DEBUG' | 'INFO' = 'DEBUG'): CapturedLogs {
  const lines: string[] = [];
  const undo: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return String(chunk).startsWith('{"level"') || (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    undo.push(() => {
      stream.write = write;
    });
  }
  logger.setLogLevel(level);
  undo.push(() => logger.setLogLevel('SILENT'));
  return {
    lines,
    release: () => {
      for (const u of undo) u();
    },
  };
}

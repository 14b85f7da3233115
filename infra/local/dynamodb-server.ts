/**
 * Starts the local stack's DynamoDB-compatible server (./dynamodb-server-thread.ts: dynalite, the
 * IAM check and the throttling in front of it) on a thread of its own.
 *
 * Why a thread: everything else of the local stack — the Step Functions runtime, every Lambda
 * handler, the simulators — shares the main thread, and dynalite's LevelDB work plus the IAM
 * evaluation of each request took most of it under a burst (a 1,000-leaver layoff kept one core
 * busy and the other idle). On its own thread the server answers while handlers run, as DynamoDB
 * does. A thread rather than a process: it ends with the process, so a killed stack never leaves
 * a server holding the LevelDB lock of its data dir.
 */
import { Worker } from 'node:worker_threads';
import type {
  DynamoDbThreadOptions,
  DynamoDbThreadReady,
  DynamoDbThreadReply,
  DynamoDbThreadRequest,
} from './dynamodb-server-thread.ts';
import { ThrottlingSettings } from './dynamodb-throttling.ts';
import type { Template } from './template/read-template.ts';

export interface DynamoDbServer {
  endpoint: string;
  /** Logical id → table name. */
  tableNames: Record<string, string>;
  /** Throttles the functions' requests on demand (off at start); each call is applied when it resolves. */
  throttling: DynamoDbThrottlingControl;
  close(): Promise<void>;
}

/** ./dynamodb-throttling.ts, driven from the starting thread. */
export interface DynamoDbThrottlingControl {
  configure(settings: ThrottlingSettings): Promise<void>;
  clear(): Promise<void>;
  stats(): Promise<{ seen: number; refused: number }>;
}

export async function startDynamoDbServer(options: {
  template: Template;
  dataDir?: string;
  port?: number;
  /** Evaluate the calls functions make against their role policies. @default false */
  checkIam?: boolean;
}): Promise<DynamoDbServer> {
  const workerData: DynamoDbThreadOptions = {
    template: options.template,
    dataDir: options.dataDir,
    port: options.port,
    checkIam: options.checkIam ?? false,
  };
  const worker = new Worker(THREAD_ENTRY, { eval: true, workerData });
  const ready = await new Promise<DynamoDbThreadReady>((resolve, reject) => {
    const exited = (code: number) =>
      reject(new Error(`The local DynamoDB server's thread ended (code ${code}) before it listened`));
    worker.once('message', (message: DynamoDbThreadReady) => {
      worker.off('error', reject).off('exit', exited);
      resolve(message);
    });
    worker.once('error', reject).once('exit', exited);
  });
  if (!ready.ready) {
    await worker.terminate();
    throw Object.assign(new Error(ready.message), ready.stack ? { stack: ready.stack } : {});
  }

  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let ended: Error | undefined;
  const fail = (error: Error) => {
    ended = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (reply: DynamoDbThreadReply) => {
    const call = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) call?.resolve(reply.value);
    else call?.reject(new Error(reply.message));
  });
  // The server failing is the local stack failing, as when it ran on the main thread.
  worker.on('error', (error) => {
    fail(error);
    process.nextTick(() => {
      throw error;
    });
  });
  worker.on('exit', () => fail(new Error("The local DynamoDB server's thread has ended")));
  const request = <T>(body: DistributiveOmit<DynamoDbThreadRequest, 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (ended) return reject(ended);
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, ...body });
    });

  let closing: Promise<void> | undefined;
  return {
    endpoint: ready.endpoint,
    tableNames: ready.tableNames,
    throttling: {
      // Checked here, so a bad setting is refused to its caller with zod's message.
      configure: (settings) =>
        request({ op: 'configureThrottling', settings: ThrottlingSettings.parse(settings) }),
      clear: () => request({ op: 'clearThrottling' }),
      stats: () => request({ op: 'throttlingStats' }),
    },
    close: () => {
      closing ??= request<void>({ op: 'close' })
        .catch(() => undefined)
        .then(() => worker.terminate())
        .then(() => undefined);
      return closing;
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The thread's entry: the server module loaded through tsx's API, because the main thread's
 * loader hooks (tsx under `npm start`, Vite's under vitest) do not reach a worker on Node 20.
 */
const THREAD_ENTRY = `
const { parentPort, workerData } = require('node:worker_threads');
import('tsx/esm/api')
  .then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./dynamodb-server-thread.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))
  .then((server) => server.serveThread(parentPort, workerData))
  .catch((error) => parentPort.postMessage({ ready: false, message: String(error && error.message || error), stack: error && error.stack }));
`;

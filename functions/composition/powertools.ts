import { Logger } from '@aws-lambda-powertools/logger';
import { currentFunction } from './aws-clients.ts';

/**
 * One logger for every function; its level comes from POWERTOOLS_LOG_LEVEL (or `setLogLevel`).
 *
 * On Lambda each function has a process of its own, and this is simply that process's Logger.
 * The local stack runs every function in one process, where a single Logger would keep the Lambda
 * context of whichever step last called `addContext` (Powertools holds it per process) and stamp
 * it on every later line: an admin request logged as `FinishOnboardingFn…`, an HR event carrying
 * another step's `step` key. So each function gets a child logger of its own, chosen per call by
 * the invocation the code runs in (`runAsFunction`, which the local Lambda host wraps around each
 * invocation), and named after it even when its handler never calls `addContext` (the APIs).
 * Outside any invocation (on Lambda, or in tests) every call goes to the root logger unchanged.
 */
const root = new Logger({ serviceName: 'lanyard' });
const perFunction = new Map<string, Logger>();

function loggerOf(functionName: string | undefined): Logger {
  if (functionName === undefined) return root;
  let child = perFunction.get(functionName);
  if (!child) {
    child = root.createChild({ persistentKeys: { function_name: functionName } });
    perFunction.set(functionName, child);
  }
  return child;
}

/** Sets the level of the root and of every function's logger, present and future. */
function setLogLevel(level: Parameters<Logger['setLogLevel']>[0]): void {
  root.setLogLevel(level);
  for (const child of perFunction.values()) child.setLogLevel(level);
}

export const logger: Logger = new Proxy(root, {
  get(_root, property) {
    if (property === 'setLogLevel') return setLogLevel;
    const target = loggerOf(currentFunction());
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

/**
 * Node's timers hold at most 2^31−1 ms (about 24.8 days); a longer delay fires after 1 ms with a
 * TimeoutOverflowWarning. aws-local-stepfunctions sleeps a Wait state with one setTimeout, so a
 * hire whose start date is two months away would start at once. The local runtime installs this
 * once: delays above the limit run as a chain of shorter timers, and clearTimeout cancels the
 * chain. Shorter delays go to Node untouched.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const INSTALLED = Symbol.for('lanyard.long-timers');

/** A timer longer than Node allows: a chain of timers, cancelled as one. */
export class LongTimer {
  private inner: NodeJS.Timeout;
  private referenced = true;

  constructor(
    private readonly set: typeof setTimeout,
    private readonly clear: typeof clearTimeout,
    callback: () => void,
    delayMs: number,
  ) {
    const due = Date.now() + delayMs;
    const step = () => {
      const left = due - Date.now();
      if (left <= 0) return callback();
      this.inner = this.set(step, Math.min(left, MAX_TIMER_MS));
      if (!this.referenced) this.inner.unref();
    };
    this.inner = this.set(step, Math.min(delayMs, MAX_TIMER_MS));
  }

  cancel(): void {
    this.clear(this.inner);
  }

  ref(): this {
    this.referenced = true;
    this.inner.ref();
    return this;
  }

  unref(): this {
    this.referenced = false;
    this.inner.unref();
    return this;
  }

  hasRef(): boolean {
    return this.inner.hasRef();
  }
}

export function installLongTimers(): void {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const nativeSet = globalThis.setTimeout;
  const nativeClear = globalThis.clearTimeout;
  const set = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    if (typeof delay === 'number' && delay > MAX_TIMER_MS) {
      return new LongTimer(nativeSet, nativeClear, () => callback(...args), delay);
    }
    return nativeSet(callback, delay, ...args);
  }) as typeof setTimeout;
  const clear = ((timer?: unknown) => {
    if (timer instanceof LongTimer) timer.cancel();
    else nativeClear(timer as NodeJS.Timeout);
  }) as typeof clearTimeout;
  globalThis.setTimeout = Object.assign(set, nativeSet);
  globalThis.clearTimeout = clear;
}

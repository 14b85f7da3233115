import { describe, expect, it, vi } from 'vitest';
import { installLongTimers, LongTimer, MAX_TIMER_MS } from '../../../infra/local/runtime/long-timers.ts';

describe('long timers', () => {
  it('waits out a delay longer than Node allows, in steps, instead of firing at once', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const fired = vi.fn();
      new LongTimer(setTimeout, clearTimeout, fired, MAX_TIMER_MS * 2 + 1000);
      vi.advanceTimersByTime(MAX_TIMER_MS);
      expect(fired).not.toHaveBeenCalled();
      vi.advanceTimersByTime(MAX_TIMER_MS);
      expect(fired).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1000);
      expect(fired).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('is cancelled by clearTimeout once installed, and leaves short timers to Node', async () => {
    installLongTimers();
    const fired = vi.fn();
    const long = setTimeout(fired, MAX_TIMER_MS + 1);
    expect(long).toBeInstanceOf(LongTimer);
    clearTimeout(long);
    const short = await new Promise<string>((resolve) => setTimeout(resolve, 5, 'short'));
    expect(short).toBe('short');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).not.toHaveBeenCalled();
  });
});

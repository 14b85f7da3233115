import type { Logger } from '@aws-lambda-powertools/logger';
import type { Notification, Notifier } from '../../ports/notifier.ts';

/**
 * Sends each notification on every channel. One channel failing is logged and the others still
 * get it; only when every channel fails does the step fail (and its retry policy tries again).
 */
export class FanOutNotifier implements Notifier {
  constructor(
    private readonly channels: Array<{ name: string; notifier: Notifier }>,
    private readonly logger: Logger,
  ) {}

  async notify(notification: Notification): Promise<void> {
    const results = await Promise.allSettled(this.channels.map((c) => c.notifier.notify(notification)));
    const failed = results.flatMap((r, i) =>
      r.status === 'rejected' ? [{ channel: this.channels[i]?.name, reason: r.reason }] : [],
    );
    for (const f of failed) {
      this.logger.warn('notification channel failed', {
        channel: f.channel,
        errorMessage: (f.reason as Error)?.message,
        kind: notification.kind,
      });
    }
    if (failed.length > 0 && failed.length === this.channels.length) {
      throw new Error(
        `No notification channel took "${notification.title}": ${failed.map((f) => f.channel).join(', ')} failed`,
      );
    }
  }
}

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Notification, Notifier } from '../../ports/notifier.ts';

/**
 * Notifications as structured log lines, beside the console's inbox (and SNS/Slack on AWS). The
 * line carries what kind of notification went out and the keys to find it (the run, the
 * approval), never its title or body: those name people (emails, full names) for the admins who
 * read the inbox, and an INFO line is not the place for them.
 */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async notify(notification: Notification): Promise<void> {
    this.logger.info('notification', {
      notification: {
        kind: notification.kind,
        runId: notification.runId,
        approvalId: notification.approvalId,
      },
    });
  }
}

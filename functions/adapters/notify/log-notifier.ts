import type { Logger } from '@aws-lambda-powertools/logger';
import type { Notification, Notifier } from '../../ports/notifier.ts';

/**
 * Notifications as structured log lines. Locally this (with the console's inbox, built from the
 * approval and run records) is how admins hear of things; on AWS it backs up SNS/Slack.
 */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async notify(notification: Notification): Promise<void> {
    this.logger.info('notification', { notification });
  }
}

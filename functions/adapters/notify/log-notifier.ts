import type { Logger } from '@aws-lambda-powertools/logger';
import type { Notification, Notifier } from '../../ports/notifier.ts';

/** Notifications as structured log lines, beside the console's inbox (and SNS/Slack on AWS). */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async notify(notification: Notification): Promise<void> {
    this.logger.info('notification', { notification });
  }
}

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock.ts';
import type { Notification, Notifier } from '../../ports/notifier.ts';
import type { NotificationInbox } from '../../ports/records/notification-inbox.ts';

/** Keeps every notification for the console's inbox (`GET /admin/notifications`), on AWS and locally. */
export class InboxNotifier implements Notifier {
  constructor(
    private readonly inbox: Pick<NotificationInbox, 'putNotification'>,
    private readonly clock: Clock,
  ) {}

  async notify(notification: Notification): Promise<void> {
    await this.inbox.putNotification({
      id: randomUUID(),
      at: this.clock.now().toISOString(),
      ...notification,
    });
  }
}

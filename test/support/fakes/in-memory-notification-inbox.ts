/** The console's inbox in memory: every notification, newest first. */
import type {
  NotificationInbox,
  StoredNotification,
} from '../../../functions/ports/records/notification-inbox.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import { copy, pageOf } from './memory-pages.ts';

export class InMemoryNotificationInbox implements NotificationInbox {
  private readonly notifications = new Map<string, StoredNotification>();

  async putNotification(notification: StoredNotification): Promise<void> {
    this.notifications.set(notification.id, copy(notification));
  }

  async listNotifications(filter: {
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<StoredNotification>> {
    const newestFirst = [...this.notifications.values()].sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
    const page = pageOf('notifications', newestFirst, sortKey, filter);
    return { ...page, items: page.items.map(copy) };
  }
}

const sortKey = (n: StoredNotification) => `${n.at}#${n.id}`;

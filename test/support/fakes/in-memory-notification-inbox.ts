/** The console's inbox in memory: every notification, newest first. */
import type {
  NotificationInbox,
  StoredNotification,
} from '../../../functions/ports/records/notification-inbox.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import { copy, instant, pageOf } from './memory-pages.ts';

export class InMemoryNotificationInbox implements NotificationInbox {
  /** By `<at>#<id>`: the time and the id make a notification. */
  private readonly notifications = new Map<string, StoredNotification>();

  /** Written once: the same notification put again (a retried step) keeps the first. */
  async putNotification(notification: StoredNotification): Promise<void> {
    const stored = { ...copy(notification), at: instant(notification.at, 'at') };
    if (!this.notifications.has(sortKey(stored))) this.notifications.set(sortKey(stored), stored);
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

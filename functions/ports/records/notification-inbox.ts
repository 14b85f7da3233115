/** The console's inbox: every notification Lanyard sent, kept for admins to read. */
import type { StoredNotification } from '../../contracts/records/notifications.ts';
import type { Page } from './page.ts';

// Shapes of records: each the z.infer of its schema in contracts/records/, their single source.
export type { StoredNotification };

export interface NotificationInbox {
  /** The console's inbox: every notification, newest first. */
  putNotification(notification: StoredNotification): Promise<void>;
  listNotifications(filter: { limit?: number; cursor?: string | null }): Promise<Page<StoredNotification>>;
}

/** The console's inbox: every notification Lanyard sent, kept for admins to read. */
import type { Page } from './page.ts';

/** A notification as the console's inbox keeps it. */
export interface StoredNotification {
  id: string;
  at: string;
  kind: string;
  title: string;
  body: string;
  runId: string | null;
  approvalId: string | null;
}

export interface NotificationInbox {
  /** The console's inbox: every notification, newest first. */
  putNotification(notification: StoredNotification): Promise<void>;
  listNotifications(filter: { limit?: number; cursor?: string | null }): Promise<Page<StoredNotification>>;
}

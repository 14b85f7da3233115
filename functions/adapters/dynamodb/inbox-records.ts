/**
 * The console's inbox (`NOTIFICATIONS` / `<at>#<id>`, newest first) and the daily seat readings
 * behind the seats trend (`SEATS` / `<day>`). Both are small, append-mostly partitions: one
 * notification per approval or finished run, one reading per day.
 */

import {
  StoredNotification as NotificationItem,
  SeatReading as SeatReadingItem,
} from '../../contracts/records/notifications.ts';
import type { NotificationInbox, StoredNotification } from '../../ports/records/notification-inbox.ts';
import type { Page } from '../../ports/records/page.ts';
import type { SeatReading, SeatReadings } from '../../ports/records/seat-readings.ts';
import { canonicalInstant, Keys } from './keys.ts';
import { decodeCursor, encodeCursor, pageSize } from './page-cursor.ts';
import { parseItem } from './record-schemas.ts';
import { keyOf, type RecordTable, take } from './record-table.ts';

export class InboxRecords implements NotificationInbox, SeatReadings {
  constructor(private readonly table: RecordTable) {}

  async putNotification(notification: StoredNotification): Promise<void> {
    const at = canonicalInstant(notification.at, 'The notification time');
    const key = Keys.notification(at, notification.id);
    await this.table.putIfAbsent({ ...key, ...parseItem(NotificationItem, { ...notification, at }, key) });
  }

  async listNotifications(filter: {
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<StoredNotification>> {
    const after = decodeCursor('notifications', filter.cursor);
    const limit = pageSize(filter.limit);
    const items = this.table.query({
      KeyConditionExpression: after ? 'pk = :pk AND sk < :after' : 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'NOTIFICATIONS', ...(after && { ':after': after }) },
      ScanIndexForward: false,
    });
    const rows = await take(items, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((item) => parseItem(NotificationItem, item, keyOf(item))),
      nextCursor: rows.length > limit && last ? encodeCursor('notifications', keyOf(last).sk) : null,
    };
  }

  async recordSeatReading(reading: SeatReading): Promise<void> {
    const key = Keys.seatReading(reading.day);
    await this.table.put({ ...key, ...parseItem(SeatReadingItem, reading, key) });
  }

  async listSeatReadings(sinceDay: string): Promise<SeatReading[]> {
    const readings: SeatReading[] = [];
    const items = this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': 'SEATS', ':since': sinceDay },
    });
    for await (const item of items) readings.push(parseItem(SeatReadingItem, item, keyOf(item)));
    return readings;
  }
}

import { randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock.ts';
import type { Notification, Notifier } from '../../ports/notifier.ts';
import type { RecordStore } from '../../ports/record-store.ts';

/** Keeps every notification for the console's inbox (`GET /admin/notifications`), on AWS and locally. */
export class InboxNotifier implements Notifier {
  constructor(
    private readonly records: Pick<RecordStore, 'putNotification'>,
    private readonly clock: Clock,
  ) {}

  async notify(notification: Notification): Promise<void> {
    await this.records.putNotification({
      id: randomUUID(),
      at: this.clock.now().toISOString(),
      ...notification,
    });
  }
}

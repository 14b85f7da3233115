/** A Notifier that keeps what it was asked to send, for unit tests (the inbox adapter keeps it for real). */
import type { Notification, Notifier } from '../../../functions/ports/notifier.ts';

export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];

  async notify(notification: Notification): Promise<void> {
    this.sent.push(notification);
  }
}

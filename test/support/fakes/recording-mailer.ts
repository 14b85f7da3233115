/** A PersonMailer that keeps what it was asked to send, for unit tests (SES, or the local outbox, for real). */
import type { PersonMailer, PersonMessage } from '../../../functions/ports/person-mailer.ts';

export class RecordingMailer implements PersonMailer {
  readonly sent: PersonMessage[] = [];

  async send(message: PersonMessage): Promise<void> {
    this.sent.push(message);
  }
}

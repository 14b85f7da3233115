/**
 * Writes to one person (an idle member an ask-first sweep asks whether to keep their seat), unlike
 * the Notifier, which tells admins. Amazon SES on AWS; a local outbox file on the local stack.
 */
export interface PersonMessage {
  to: string;
  subject: string;
  /** Plain text. May carry a single-use link; never a task token or an admin secret. */
  text: string;
}

export interface PersonMailer {
  send(message: PersonMessage): Promise<void>;
}

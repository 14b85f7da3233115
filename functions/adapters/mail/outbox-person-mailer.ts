import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PersonMailer, PersonMessage } from '../../ports/person-mailer.ts';

/**
 * The local stack's mail: one JSON line per message in an outbox file under the data dir (like a
 * development mail catcher), so a person's link can be opened by hand or by a test. Never on AWS,
 * where a Lambda's disk is neither shared nor kept.
 */
export class OutboxPersonMailer implements PersonMailer {
  constructor(
    private readonly file: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: PersonMessage): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const line = { at: this.now().toISOString(), from: this.from, ...message };
    await appendFile(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  }
}

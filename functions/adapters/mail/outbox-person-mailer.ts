import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { PersonMailer, PersonMessage } from '../../ports/person-mailer.ts';

/**
 * The local stack's mail: one JSON line per message in an outbox file under the data dir (like a
 * development mail catcher), so a person's link can be opened by hand or by a test. Never on AWS,
 * where a Lambda's disk is neither shared nor kept. The mail names people and carries their keep
 * links, so the file is owner-only (0600, also when it existed with a laxer mode), as is a
 * directory it has to create (0700).
 */
export class OutboxPersonMailer implements PersonMailer {
  constructor(
    private readonly file: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: PersonMessage): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const line = { at: this.now().toISOString(), from: this.from, ...message };
    const outbox = await open(this.file, 'a', 0o600);
    try {
      await outbox.chmod(0o600);
      await outbox.appendFile(`${JSON.stringify(line)}\n`);
    } finally {
      await outbox.close();
    }
  }
}

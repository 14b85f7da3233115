/** The person mailer port: SES from the configured sender; the local stack's outbox file instead when one is configured. */
import { OutboxPersonMailer } from '../../adapters/mail/outbox-person-mailer.ts';
import { SesPersonMailer } from '../../adapters/mail/ses-person-mailer.ts';
import type { PersonMailer } from '../../ports/person-mailer.ts';
import { awsClientConfig } from '../aws-clients.ts';
import { definePort } from '../composition.ts';
import { lazyPort } from '../lazy-port.ts';

export const mailer = definePort('mailer', ({ config }): PersonMailer | null => {
  const { from, outboxFile } = config.mail;
  if (from === null) return null;
  if (outboxFile) return new OutboxPersonMailer(outboxFile, from);
  return lazyPort(async () => {
    const { SESv2Client } = await import('@aws-sdk/client-sesv2');
    return new SesPersonMailer(new SESv2Client(awsClientConfig()), from);
  });
});

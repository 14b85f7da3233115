import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { MailRejectedError, MailUnavailableError } from '../../core/errors.ts';
import type { PersonMailer, PersonMessage } from '../../ports/person-mailer.ts';

/** SES's throttling and service-side names (SESv2 API reference, "Errors"). */
const TRANSIENT = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalFailure',
  'ServiceUnavailable',
]);

/** Mail through Amazon SES (API v2) from a verified identity (deploy config `sweep.askFirst.from`). */
export class SesPersonMailer implements PersonMailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async send(message: PersonMessage): Promise<void> {
    try {
      await this.deliver(message);
    } catch (error) {
      throw mailError(error);
    }
  }

  private async deliver(message: PersonMessage): Promise<void> {
    // The SDK's module on first use, not when a function starts.
    const { SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  }
}

/** SES's refusal as Lanyard's: retried later when SES is only busy, a clear failure otherwise. */
function mailError(error: unknown): Error {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  const what = `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if (TRANSIENT.has(e.name ?? '') || status === 429 || status >= 500)
    return new MailUnavailableError(
      `Amazon SES could not take the message now (${what}); it will be retried`,
    );
  return new MailRejectedError(
    `Amazon SES refused the message (${what}). Check that the sender (sweep.askFirst.from) is a verified SES identity and the account is out of the SES sandbox`,
  );
}

import type { SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier } from '../../ports/notifier.ts';

/** SNS e-mail subjects are at most 100 characters and a single line. */
const MAX_SUBJECT = 100;

/** Notifications to an SNS topic (admins subscribe by e-mail). */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notification: Notification): Promise<void> {
    // The SDK's module on first use, not when a function starts.
    const { PublishCommand } = await import('@aws-sdk/client-sns');
    const subject = `Lanyard: ${notification.title}`.replace(/\s+/g, ' ');
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject,
        Message: `${notification.title}\n\n${notification.body}`,
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: notification.kind },
        },
      }),
    );
  }
}

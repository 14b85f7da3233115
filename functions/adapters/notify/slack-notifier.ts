import type { Notification, Notifier } from '../../ports/notifier.ts';

/**
 * Notifications to a Slack incoming webhook. The URL is a secret (anyone holding it can post to
 * the channel): it comes from Secrets Manager and never appears in an error.
 */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly webhookUrl: string,
    private readonly timeoutMs = 5000,
  ) {}

  async notify(notification: Notification): Promise<void> {
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Plain text with Slack's own escaping of &, < and >; links in the body stay clickable.
      body: JSON.stringify({
        text: `*${escapeMrkdwn(notification.title)}*\n${escapeMrkdwn(notification.body)}`,
      }),
      signal: AbortSignal.timeout(this.timeoutMs),
    }).catch((error: unknown) => {
      throw new Error(`Slack did not answer the notification (${(error as Error).name})`);
    });
    if (!response.ok) throw new Error(`Slack refused the notification: ${response.status}`);
  }
}

function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

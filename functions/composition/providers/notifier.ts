/**
 * The notifier port: the log and the console's inbox always; SNS and Slack when configured. The
 * SNS client and the Slack webhook (a secret, granted only to the functions that notify) wait for
 * the first notification: nothing is read or loaded while a step's dependencies are put together.
 */
import { FanOutNotifier } from '../../adapters/notify/fan-out-notifier.ts';
import { InboxNotifier } from '../../adapters/notify/inbox-notifier.ts';
import { LogNotifier } from '../../adapters/notify/log-notifier.ts';
import { SlackNotifier } from '../../adapters/notify/slack-notifier.ts';
import { slackWebhookFromSecret } from '../../adapters/notify/slack-webhook-secret.ts';
import { SnsNotifier } from '../../adapters/notify/sns-notifier.ts';
import type { Notifier } from '../../ports/notifier.ts';
import { awsClientConfig } from '../aws-clients.ts';
import { definePort } from '../composition.ts';
import { lazyPort } from '../lazy-port.ts';
import { logger } from '../powertools.ts';

export const notifier = definePort('notifier', ({ config, base, record }) => {
  const channels: Array<{ name: string; notifier: Notifier }> = [
    { name: 'log', notifier: new LogNotifier(logger) },
    { name: 'inbox', notifier: new InboxNotifier(record('inbox'), base.clock) },
  ];
  const { topicArn, slackSecretArn } = config.notify;
  if (topicArn) {
    channels.push({
      name: 'sns',
      notifier: lazyPort<Notifier>(async () => {
        const { SNSClient } = await import('@aws-sdk/client-sns');
        return new SnsNotifier(new SNSClient(awsClientConfig()), topicArn);
      }),
    });
  }
  if (slackSecretArn) {
    // An unreadable secret fails this channel's notification (the fan-out logs it), and the
    // next notification reads it again.
    channels.push({
      name: 'slack',
      notifier: lazyPort<Notifier>(
        async () => new SlackNotifier(await slackWebhookFromSecret(slackSecretArn)),
      ),
    });
  }
  return new FanOutNotifier(channels, logger);
});

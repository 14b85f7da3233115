/**
 * Slack and fan-out notifiers against a loopback HTTP server standing in for Slack's incoming
 * webhook (the real endpoint is on the internet, which this machine cannot reach).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FanOutNotifier } from '../../../functions/adapters/notify/fan-out-notifier.ts';
import { SlackNotifier } from '../../../functions/adapters/notify/slack-notifier.ts';
import type { Notification } from '../../../functions/ports/notifier.ts';

const received: Array<{ path: string; body: string }> = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body });
    res.statusCode = req.url === '/fail' ? 404 : 200;
    res.end(req.url === '/fail' ? 'no_service' : 'ok');
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const note: Notification = {
  kind: 'approval-requested',
  title: 'Seat needed for <ana@example.com>',
  body: 'Decide in the console: http://127.0.0.1:4100/#/approvals/a1',
  runId: 'r1',
  approvalId: 'a1',
};

describe('notifiers', () => {
  it('posts Slack text with its escaping and without the webhook URL in errors', async () => {
    await new SlackNotifier(`${base}/hook-secret-path`).notify(note);
    expect(JSON.parse(received.at(-1)?.body ?? '{}').text).toBe(
      '*Seat needed for &lt;ana@example.com&gt;*\nDecide in the console: http://127.0.0.1:4100/#/approvals/a1',
    );
    const failure = new SlackNotifier(`${base}/fail`).notify(note);
    await expect(failure).rejects.toThrow('Slack refused the notification: 404');
    await expect(new SlackNotifier(`${base}/fail`).notify(note)).rejects.not.toThrow(/fail|127\.0\.0\.1/);
  });

  it('fans out: one failed channel is logged, all failed channels fail the step', async () => {
    const logger = new Logger({ logLevel: 'SILENT' });
    const ok = new SlackNotifier(`${base}/ok`);
    const bad = new SlackNotifier(`${base}/fail`);
    const before = received.length;
    await new FanOutNotifier(
      [
        { name: 'slack', notifier: ok },
        { name: 'other', notifier: bad },
      ],
      logger,
    ).notify(note);
    expect(received.length - before).toBe(2);
    await expect(new FanOutNotifier([{ name: 'slack', notifier: bad }], logger).notify(note)).rejects.toThrow(
      /No notification channel took .*: slack failed/,
    );
  });
});

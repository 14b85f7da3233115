/**
 * The SES mailer against a loopback stand-in of SES API v2's SendEmail (no SES exists here): the
 * request the real SDK sends, and how SES's answers (REST-JSON errors named by x-amzn-ErrorType)
 * become Lanyard's retryable or final errors.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesPersonMailer } from '../../../../functions/adapters/mail/ses-person-mailer.ts';
import { MailRejectedError, MailUnavailableError } from '../../../../functions/core/errors.ts';

let server: Server;
let mailer: SesPersonMailer;
let answer: { status: number; type?: string; body: unknown } = { status: 200, body: { MessageId: 'm-1' } };
const received: Array<{ method: string; url: string; body: Record<string, unknown> }> = [];

const read = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      body: JSON.parse((await read(req)) || '{}'),
    });
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      ...(answer.type ? { 'x-amzn-errortype': answer.type } : {}),
    });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = new SESv2Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1, // the workflow's retry policy retries, not the SDK
  });
  mailer = new SesPersonMailer(client, 'it@acme.example');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const message = { to: 'ana@acme.example', subject: 'Do you still need your Trello seat?', text: 'Hello' };

describe('SES person mailer', () => {
  it('sends one plain-text message from the configured sender', async () => {
    answer = { status: 200, body: { MessageId: 'm-1' } };
    await mailer.send(message);
    const sent = received.at(-1);
    expect(sent).toMatchObject({ method: 'POST', url: '/v2/email/outbound-emails' });
    expect(sent?.body).toEqual({
      FromEmailAddress: 'it@acme.example',
      Destination: { ToAddresses: ['ana@acme.example'] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: 'Hello', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('turns throttling and service failures into a retryable error', async () => {
    answer = {
      status: 429,
      type: 'TooManyRequestsException',
      body: { message: 'Maximum sending rate exceeded.' },
    };
    await expect(mailer.send(message)).rejects.toThrow(MailUnavailableError);
    answer = { status: 500, type: 'InternalFailure', body: { message: 'oops' } };
    await expect(mailer.send(message)).rejects.toThrow(/could not take the message now/);
  });

  it('turns a refusal into a final error that says what to check', async () => {
    answer = { status: 400, type: 'MessageRejected', body: { message: 'Email address is not verified.' } };
    const error = await mailer.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailRejectedError);
    expect((error as Error).message).toMatch(/MessageRejected.*verified SES identity/);
  });
});

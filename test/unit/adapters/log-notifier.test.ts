/**
 * The log line of a notification carries the keys to find it (kind, run, approval), never the
 * title or body, which name people for the admins reading the inbox: no email, no full name.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogNotifier } from '../../../functions/adapters/notify/log-notifier.ts';
import type { Notification } from '../../../functions/ports/notifier.ts';

const lines: string[] = [];
let restore: () => void = () => undefined;

beforeEach(() => {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (String(chunk).startsWith('{')) {
      lines.push(String(chunk));
      return true;
    }
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  restore = () => {
    process.stdout.write = write;
  };
});
afterEach(() => restore());

describe('LogNotifier', () => {
  it('logs the notification by its keys, without the emails and names of its title and body', async () => {
    const notification: Notification = {
      kind: 'run-failed',
      title: 'Onboarding of Ana Lima (ana.lima@example.com) failed',
      body: 'Trello refused the seat for ana.lima@example.com; her manager bo@example.com was told.',
      runId: 'onb-evt-1',
      approvalId: null,
    };
    await new LogNotifier(new Logger({ serviceName: 'lanyard', logLevel: 'INFO' })).notify(notification);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(line).not.toContain('Ana Lima');
    expect(JSON.parse(line)).toMatchObject({
      level: 'INFO',
      message: 'notification',
      notification: { kind: 'run-failed', runId: 'onb-evt-1', approvalId: null },
    });
  });
});

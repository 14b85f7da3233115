import { describe, expect, it } from 'vitest';
import type { StoredNotification } from '../../../functions/ports/records/notification-inbox.ts';
import {
  allPages,
  aRun,
  type MakeRecords,
  MINUTE,
  plus,
  recordsUnderTest,
  T0,
} from './records-under-test.ts';

const aNotification = (id: string, at: string): StoredNotification => ({
  id,
  at,
  kind: 'run-failed',
  title: `Run ${id} failed`,
  body: 'Trello said 503',
  runId: `run-${id}`,
  approvalId: null,
});

export function notificationInboxContract(name: string, make: MakeRecords): void {
  describe(`NotificationInbox contract: ${name}`, () => {
    const env = recordsUnderTest(make);

    it('lists every notification once, newest first, in pages', async () => {
      for (const [i, id] of ['n0', 'n1', 'n2', 'n3', 'n4'].entries())
        await env.records.inbox.putNotification(aNotification(id, plus(T0, i * MINUTE)));
      await env.records.inbox.putNotification({
        ...aNotification('n2', plus(T0, 2 * MINUTE)),
        title: 'put again',
      });
      const pages = await allPages(2, (cursor) => env.records.inbox.listNotifications({ limit: 2, cursor }));
      expect(pages.map((page) => page.map((n) => n.id))).toEqual([['n4', 'n3'], ['n2', 'n1'], ['n0']]);
      expect(pages.flat().find((n) => n.id === 'n2')).toEqual(aNotification('n2', plus(T0, 2 * MINUTE)));
    });

    it('rejects a page cursor another listing issued', async () => {
      await env.records.runs.createRun(aRun('r1'));
      await env.records.runs.createRun(aRun('r2', { startedAt: plus(T0, MINUTE) }));
      const { nextCursor } = await env.records.runs.listRuns({ limit: 1 });
      await expect(env.records.inbox.listNotifications({ cursor: nextCursor })).rejects.toThrow(/cursor/);
    });
  });
}

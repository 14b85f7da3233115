/**
 * IdP simulators on a state file keep their users across restarts, as the local stack runs them
 * (an offboarded user stays suspended after `npm start` again):
 * - an Okta simulator process killed with SIGKILL right after a suspension comes back with the
 *   user suspended, and the users it adds afterwards get ids of their own;
 * - any simulator (the shared kit) keeps its users across a graceful stop, in a file of its kind only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startIdpSimulatorOf } from '../../../infra/local/simulators/idp/start-idp-simulator.ts';
import { startSimulatorProcess, stopSimulatorProcesses } from '../../support/simulator-process.ts';

const root = mkdtempSync(path.join(tmpdir(), 'lanyard-idp-durable-'));
afterEach(stopSimulatorProcesses);
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface UserState {
  id: string;
  status: string;
  signInActive: boolean;
  activeSessions: number;
}

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as T };
}

describe('an IdP simulator on a state file', () => {
  it('comes back from kill -9 with the suspension it answered (Okta)', async () => {
    const args = ['--kind', 'okta', '--port', '0', '--state-file', path.join(root, 'okta.json')];
    const cli = 'infra/local/simulators/idp/cli.ts';
    const first = await startSimulatorProcess(cli, args);
    const post = (url: string, body: unknown) =>
      json<{ id: string }>(`${url}/__control/users`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const leaver = (await post(first.url, { email: 'Crash.Leaver@example.com' })).body.id;
    const stays = (await post(first.url, { email: 'crash.stays@example.com' })).body.id;
    const { body: info } = await json<{ credentials: { apiToken: string } }>(`${first.url}/__control/info`);
    const suspended = await fetch(`${first.url}/api/v1/users/${leaver}/lifecycle/suspend`, {
      method: 'POST',
      headers: { authorization: `SSWS ${info.credentials.apiToken}` },
    });
    expect(suspended.status).toBe(200);
    const ended = await fetch(`${first.url}/api/v1/users/${leaver}/sessions`, {
      method: 'DELETE',
      headers: { authorization: `SSWS ${info.credentials.apiToken}` },
    });
    expect(ended.status).toBe(204);

    await first.stop('SIGKILL');
    const second = await startSimulatorProcess(cli, args);
    const user = async (email: string) =>
      (await json<UserState>(`${second.url}/__control/users/${encodeURIComponent(email)}`)).body;
    expect(await user('crash.leaver@example.com')).toMatchObject({
      id: leaver,
      status: 'SUSPENDED',
      signInActive: false,
      activeSessions: 0,
    });
    expect(await user('crash.stays@example.com')).toMatchObject({
      id: stays,
      status: 'ACTIVE',
      signInActive: true,
    });
    // The seeded id stream starts again on restart: the next user must not take a kept user's id.
    const added = (await post(second.url, { email: 'after.restart@example.com' })).body.id;
    expect([leaver, stays]).not.toContain(added);
  });

  it('keeps its users across a graceful stop, and refuses the file of another kind', async () => {
    const stateFile = path.join(root, 'scim.json');
    const first = await startIdpSimulatorOf('scim', { stateFile });
    first.addUser({ email: 'kept.user@example.com' });
    await first.close();
    const second = await startIdpSimulatorOf('scim', { stateFile });
    try {
      expect(second.user('kept.user@example.com')).toMatchObject({ signInActive: true, accountActive: true });
    } finally {
      await second.close();
    }
    await expect(startIdpSimulatorOf('okta', { stateFile })).rejects.toThrow(
      /holds the users of a scim simulator, not okta: give each IdP its own state file/,
    );
  });
});

/**
 * The composition root in parts (functions/composition/composition.ts): a step gets what every step
 * gets plus the ports it names, nothing reads a secret or builds an SDK client while dependencies
 * are put together, and the ports are shared by every part of one process.
 *
 * Secrets Manager has no local stand-in, so its client is spied on (STYLE.md §9): every read is
 * refused, as for a function that was not granted the secret.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  dependenciesOf,
  resetDependencies,
  UndeclaredPortError,
} from '../../../functions/composition/composition.ts';
import { ConfigKeys as K } from '../../../functions/composition/config-keys.ts';
import { defineStep } from '../../../functions/composition/define-step.ts';
import { ALL_PORTS, dependencies } from '../../../functions/composition/dependencies.ts';
import { idp } from '../../../functions/composition/providers/idp.ts';
import { notifier } from '../../../functions/composition/providers/notifier.ts';
import { trello } from '../../../functions/composition/providers/trello.ts';
import { type Dynalite, startDynalite } from '../../support/dynalite.ts';

const SECRET = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}`;
const env = {
  [K.trelloEnterpriseId]: 'a'.repeat(24),
  [K.trelloSecretArn]: SECRET('trello'),
  [K.slackSecretArn]: SECRET('slack'),
  [K.idpKind]: 'okta',
  [K.idpBaseUrl]: 'https://example.okta.com',
  [K.idpSecretArn]: SECRET('okta'),
  [K.metrics]: 'log',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
};

let db: Dynalite;
const saved = new Map<string, string | undefined>();
const reads = vi.spyOn(SecretsManagerClient.prototype, 'send');

beforeAll(async () => {
  db = await startDynalite();
  for (const [key, value] of Object.entries({
    ...env,
    [K.tableName]: db.tableName,
    [K.dynamodbEndpoint]: db.endpoint,
  })) {
    saved.set(key, process.env[key]);
    process.env[key] = value;
  }
  resetDependencies();
  reads.mockRejectedValue(
    Object.assign(new Error('not authorized to read the secret'), { name: 'AccessDeniedException' }),
  );
});

afterEach(() => reads.mockClear());

afterAll(async () => {
  reads.mockRestore();
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetDependencies();
  await db.close();
});

const notification = {
  kind: 'run-failed',
  title: 'A run failed',
  body: 'Someone should look',
  runId: null,
  approvalId: null,
} as const;

describe('a step with Slack notifications on', () => {
  it('gets its dependencies without reading a secret: Slack, Trello and the IdP wait for their first use', async () => {
    const deps = await dependenciesOf({ notifier, trello, idp }, 'Step test-step')();
    expect(deps.idp?.kind).toBe('okta'); // what the config says is known at once
    expect(reads).not.toHaveBeenCalled();
  });

  it('reads the Slack secret when it notifies; a refused read fails Slack alone, and the next notification reads again', async () => {
    const deps = await dependenciesOf({ notifier }, 'Step test-notify')();
    await deps.notifier.notify(notification); // the log and the inbox still take it
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0]?.[0].input).toEqual({ SecretId: SECRET('slack') });
    const inbox = await deps.inbox.listNotifications({ limit: 5 });
    expect(inbox.items.map((n) => n.title)).toContain('A run failed');
    await deps.notifier.notify(notification);
    expect(reads).toHaveBeenCalledTimes(2);
  });
});

describe('ports a step does not name', () => {
  it('fail when used, naming the port and the step, without reading anything', async () => {
    const deps = await dependenciesOf({}, 'Step begin-test')();
    expect(() => deps.trello.seats).toThrow(UndeclaredPortError);
    expect(() => deps.notifier.notify).toThrow(/Step begin-test uses the notifier port/);
    expect(reads).not.toHaveBeenCalled();
  });
});

describe('record ports a step does not name', () => {
  it('fail when used, naming the record port and the step; the named ones work', async () => {
    const deps = await dependenciesOf({}, 'Step begin-test', ['runs'])();
    expect(() => deps.runs.getRun).not.toThrow();
    expect(await deps.runs.getRun('run-none')).toBeNull();
    // @ts-expect-error the step named only `runs`: its dependencies have no `people`
    expect(() => deps.people.getProfile).toThrow(
      /Step begin-test uses the people record port \(getProfile\) but does not name it in its records/,
    );
  });

  it('fail a step whose use case reaches one, before any record is read or written', async () => {
    const step = defineStep({
      name: 'test-undeclared-record',
      input: z.object({ employeeId: z.string() }),
      output: z.object({ found: z.boolean() }),
      ports: {},
      records: ['runs'],
      run: async ({ employeeId }, deps) => {
        // @ts-expect-error the step named only `runs`: using `people` does not compile
        const profile = await deps.people.getProfile(employeeId);
        return { found: profile !== null };
      },
    });
    expect(step.records).toEqual(['runs']);
    await expect(step({ employeeId: 'E1' })).rejects.toThrow(UndeclaredPortError);
  });
});

describe('one process', () => {
  it('shares each port between the steps that name it, and builds them again after a reset', async () => {
    const a = await dependenciesOf({ trello }, 'Step a')();
    const b = await dependenciesOf({ trello, notifier }, 'Step b')();
    const all = await dependencies();
    expect(b.trello).toBe(a.trello); // one Trello adapter: one pacer for every step of the process
    expect(all.trello).toBe(a.trello);
    expect(all.runs).toBe(a.runs);
    const named = await dependenciesOf({}, 'Step c', ['runs', 'audit'])();
    expect(named.runs).toBe(a.runs); // a record port is built once, for the first part that names it
    resetDependencies();
    const c = await dependenciesOf({ trello }, 'Step a')();
    expect(c.trello).not.toBe(a.trello);
    expect(c.runs).not.toBe(a.runs);
  });

  it('gives the admin API and scripts every port', async () => {
    const all = await dependencies();
    expect(dependencies.ports).toEqual(Object.keys(ALL_PORTS));
    for (const port of dependencies.ports) expect(() => all[port]).not.toThrow();
    expect(reads).not.toHaveBeenCalled();
  });
});

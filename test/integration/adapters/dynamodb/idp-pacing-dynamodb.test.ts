/**
 * IdP pacing on the deployed pacer: two "Lambdas", each with its own IdP adapter and its own
 * DynamoDB pacer over one records table, read past several of the Okta simulator's enforced
 * windows at once and draw no 429 — the schedule in DynamoDB is what they share, as on AWS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityProvider } from '../../../../functions/adapters/idp/create-identity-provider.ts';
import { DynamoDbPacer } from '../../../../functions/adapters/pacing/dynamodb-pacer.ts';
import type { IdentityProvider } from '../../../../functions/ports/identity-provider.ts';
import type { IdpSimulator } from '../../../../infra/local/simulators/idp/idp-simulator.ts';
import { startOktaSimulator } from '../../../../infra/local/simulators/idp/okta/okta-simulator.ts';
import { type Dynalite, startDynalite } from '../../../support/dynalite.ts';

/** 20 requests a minute, a minute being 3 s here. */
const PER_MINUTE = 20;
const TIME_SCALE = 0.05;
const READS = 3 * PER_MINUTE;

let db: Dynalite;
let okta: IdpSimulator;
beforeAll(async () => {
  db = await startDynalite('idp-pacer');
  okta = await startOktaSimulator({ timeScale: TIME_SCALE, requestsPerMinute: PER_MINUTE });
});
afterAll(async () => {
  await okta?.close();
  await db?.close();
});

async function lambda(): Promise<IdentityProvider> {
  const { idp } = await createIdentityProvider(
    {
      kind: 'okta',
      baseUrl: okta.url,
      credentials: { json: JSON.stringify(okta.credentials) },
      scope: 'sign-in',
      requestsPerMinute: PER_MINUTE,
      timeScale: TIME_SCALE,
    },
    { pacer: new DynamoDbPacer({ client: db.client, tableName: db.tableName }) },
  );
  if (!idp) throw new Error('no IdP adapter was built');
  return idp;
}

describe('IdP pacing on the DynamoDB pacer', () => {
  it('keeps two Lambdas reading at once under the IdP window: every user found, no 429', async () => {
    // Prepare
    const emails = Array.from({ length: READS }, (_, i) => `paced${i}@example.com`);
    for (const email of emails) okta.addUser({ email });
    const [first, second] = await Promise.all([lambda(), lambda()]);
    const before = okta.stats();

    // Act
    const found = await Promise.all(emails.map((email, i) => (i % 2 === 0 ? first : second).findUser(email)));

    // Assess
    expect(found.map((u) => u?.email)).toEqual(emails);
    expect(okta.stats().requests - before.requests).toBe(READS);
    expect(okta.stats().rateLimited - before.rateLimited).toBe(0);
  });
});

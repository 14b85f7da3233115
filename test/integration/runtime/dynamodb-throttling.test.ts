/**
 * DynamoDB throttling at the local DynamoDB endpoint (infra/local/dynamodb-throttling.ts): the
 * functions' requests are refused as DynamoDB refuses them, the SDK retries them with its own
 * throttling backoff, a refused request changes nothing, and a test's own reads pass untouched.
 */
import {
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ACCESS_KEY_PREFIX } from '../../../functions/composition/aws-clients.ts';
import { type DynamoDbServer, startDynamoDbServer } from '../../../infra/local/dynamodb-server.ts';

const TEMPLATE = {
  Resources: {
    Records: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      },
    },
  },
};

let server: DynamoDbServer;
let table: string;
beforeAll(async () => {
  server = await startDynamoDbServer({ template: TEMPLATE });
  table = server.tableNames.Records ?? '';
});
afterAll(() => server?.close());

/** A client signing as the function `name` (as aws-clients.ts signs on the local stack), else as a test. */
function client(options: { asFunction?: string; maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: options.asFunction ? `${FUNCTION_ACCESS_KEY_PREFIX}${options.asFunction}` : 'local',
      secretAccessKey: 'local',
    },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}

const put = (pk: string) => new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } });
const get = (pk: string) => new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } });

describe('DynamoDB throttling at the local endpoint', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException'] as const)(
    'refuses a function’s request with %s, which the SDK retries as throttling, applying nothing',
    async (name) => {
      await server.throttling.configure({ seed: 3, rate: 1, errors: [name] });
      try {
        const error = await client({ asFunction: 'GrantSeatFn', maxAttempts: 3 })
          .send(put(`refused-${name}`))
          .catch((e: unknown) => e);
        if (name === 'ProvisionedThroughputExceededException')
          expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
        // Three attempts: the SDK took it for a retryable (throttling) error, not a client error.
        expect(error).toMatchObject({ name, $metadata: { httpStatusCode: 400, attempts: 3 } });
        expect(await server.throttling.stats()).toEqual({ seen: 3, refused: 3 });
        // The test's own client names no function: never throttled, and it finds nothing written.
        expect((await client({ maxAttempts: 1 }).send(get(`refused-${name}`))).Item).toBeUndefined();
      } finally {
        await server.throttling.clear();
      }
    },
  );

  it('throttles only the functions it is given', async () => {
    await server.throttling.configure({ seed: 3, rate: 1, functions: ['FinishOnboardingFn'] });
    try {
      await client({ asFunction: 'GrantSeatFn', maxAttempts: 1 }).send(put('other-function'));
      await expect(
        client({ asFunction: 'FinishOnboardingFn', maxAttempts: 1 }).send(put('chosen-function')),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    } finally {
      await server.throttling.clear();
    }
    expect(await server.throttling.stats()).toEqual({ seen: 1, refused: 1 });
  });

  it('is retried by the SDK’s own retries: every write lands once, some after a throttled attempt', async () => {
    await server.throttling.configure({ seed: 11, rate: 0.3 });
    const fn = client({ asFunction: 'FinishOnboardingFn' });
    const attempts: number[] = [];
    try {
      for (let i = 0; i < 12; i++)
        attempts.push((await fn.send(put(`retried-${i}`))).$metadata.attempts ?? 1);
    } finally {
      await server.throttling.clear();
    }
    const { seen, refused } = await server.throttling.stats();
    expect(refused).toBeGreaterThan(0);
    expect(seen).toBe(12 + refused);
    expect(attempts.some((n) => n > 1)).toBe(true);
    for (let i = 0; i < 12; i++) expect((await client().send(get(`retried-${i}`))).Item).toBeDefined();
  }, 60_000);
});

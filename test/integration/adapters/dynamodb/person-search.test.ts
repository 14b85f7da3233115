/**
 * The people search on dynalite: people are found by the start of their email, employee id, name
 * or surname, from the index putProfile keeps (one Query, never a Scan), and a changed email or
 * name stops matching at once.
 */

import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbRecords } from '../../../../functions/adapters/dynamodb/dynamodb-records.ts';
import { Keys } from '../../../../functions/adapters/dynamodb/keys.ts';
import type { PersonProfile } from '../../../../functions/ports/records/people.ts';
import type { RecordPorts } from '../../../../functions/ports/records/record-ports.ts';
import { createRecordTable, type Dynalite, localClient, startDynalite } from '../../../support/dynalite.ts';

const T0 = '2026-11-22T10:00:00.000Z';

function aProfile(employeeId: string, fullName: string, email: string): Omit<PersonProfile, 'version'> {
  return {
    employeeId,
    email,
    fullName,
    department: 'Design',
    managerEmail: null,
    trelloMemberId: null,
    lifecycle: 'active',
    onLeave: false,
    lastEvent: null,
    currentRunId: null,
    updatedAt: T0,
  };
}

let server: Dynalite;
let store: RecordPorts;
let client: DynamoDBDocumentClient;
let tableName: string;
let tables = 0;
/** Every request the store sends, by command name (the search must never scan). */
const commands: string[] = [];

beforeAll(async () => {
  server = await startDynalite();
});

afterAll(async () => {
  await server?.close();
});

beforeEach(async () => {
  const raw = localClient(server.endpoint);
  tableName = `people-${++tables}`;
  await createRecordTable(raw, tableName);
  const real = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  client = real;
  commands.length = 0;
  const counting = {
    send: (command: { constructor: { name: string } }) => {
      commands.push(command.constructor.name);
      return real.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  store = dynamoDbRecords({ client: counting, tableName });
  await store.people.putProfile(aProfile('E1001', 'Ana Lima', 'ana.lima@example.com'), null);
  await store.people.putProfile(aProfile('E1002', 'Bo Anders', 'bo@example.com'), null);
  await store.people.putProfile(aProfile('E2001', 'José Ñúñez', 'jose@example.com'), null);
  commands.length = 0;
});

const ids = (people: PersonProfile[]) => people.map((p) => p.employeeId);

describe('searchPeople', () => {
  it('finds people by the start of their email, name, surname or employee id, ignoring case', async () => {
    expect(ids(await store.people.searchPeople('ana.lima@example.com', 10))).toEqual(['E1001']);
    expect(ids(await store.people.searchPeople('ANA', 10))).toEqual(['E1001']);
    expect(ids(await store.people.searchPeople('lim', 10))).toEqual(['E1001']);
    expect(ids(await store.people.searchPeople('anders', 10))).toEqual(['E1002']);
    expect(ids(await store.people.searchPeople('e100', 10)).sort()).toEqual(['E1001', 'E1002']);
  });

  it('ignores accents in names and queries', async () => {
    expect(ids(await store.people.searchPeople('nunez', 10))).toEqual(['E2001']);
    expect(ids(await store.people.searchPeople('Núñ', 10))).toEqual(['E2001']);
  });

  it('puts the id or email typed in full first, and answers at most `limit` people', async () => {
    await store.people.putProfile(aProfile('E3', 'Bo Bexley', 'bo.bexley@example.com'), null);
    const found = await store.people.searchPeople('bo@example.com', 10);
    expect(ids(found)[0]).toBe('E1002');
    expect(await store.people.searchPeople('bo', 1)).toHaveLength(1);
  });

  it('answers nobody for an empty query or one nobody matches', async () => {
    expect(await store.people.searchPeople('   ', 10)).toEqual([]);
    expect(await store.people.searchPeople('zed', 10)).toEqual([]);
  });

  it('queries one index partition and reads the profiles in a batch, never scanning', async () => {
    await store.people.searchPeople('ana', 10);
    expect(commands).not.toContain('ScanCommand');
    expect(commands.filter((c) => c === 'QueryCommand')).toHaveLength(1);
  });

  it('stops finding someone by an old email or name once their profile changed', async () => {
    const [ana] = await store.people.searchPeople('E1001', 1);
    if (!ana) throw new Error('Ana is missing');
    await store.people.putProfile(
      { ...ana, email: 'ana.costa@example.com', fullName: 'Ana Costa' },
      ana.version,
    );
    expect(await store.people.searchPeople('ana.lima@', 10)).toEqual([]);
    expect(await store.people.searchPeople('lima', 10)).toEqual([]);
    expect(ids(await store.people.searchPeople('costa', 10))).toEqual(['E1001']);
  });

  it('finds a profile written before the index existed by its exact employee id', async () => {
    const legacy = {
      ...Keys.profile('E-OLD'),
      ...aProfile('E-OLD', 'Old Timer', 'old@example.com'),
      version: 1,
    };
    await client.send(new PutCommand({ TableName: tableName, Item: legacy }));
    expect(ids(await store.people.searchPeople('E-OLD', 10))).toEqual(['E-OLD']);
    expect(await store.people.searchPeople('old@example.com', 10)).toEqual([]);
  });
});

describe('getProfiles', () => {
  it('reads many profiles at once, leaving out people Lanyard has no record of', async () => {
    const found = await store.people.getProfiles(['E1001', 'E2001', 'E-NOBODY', 'E1001']);
    expect([...found.keys()].sort()).toEqual(['E1001', 'E2001']);
    expect(found.get('E2001')?.fullName).toBe('José Ñúñez');
  });
});

/**
 * What the record contracts share (test/contract/records/*.contract.ts): the records under test,
 * a clock each test moves by hand, and builders of the records they write. Each contract runs
 * against every backend (DynamoDB on dynalite, the in-memory fakes of test/support/fakes/); each
 * test gets empty records, so listings are asserted exactly.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import type { ApprovalRecord } from '../../../functions/ports/records/approvals.ts';
import type { AuditEntry } from '../../../functions/ports/records/audit-log.ts';
import type { Page } from '../../../functions/ports/records/page.ts';
import type { PersonProfile } from '../../../functions/ports/records/people.ts';
import type { RecordPorts } from '../../../functions/ports/records/record-ports.ts';
import type { RunRecord } from '../../../functions/ports/records/runs.ts';

export interface RecordsUnderTest {
  records: RecordPorts;
  close(): Promise<void>;
  /**
   * Makes the next write of an audit entry fail as a crash would cut it off: what came before it
   * (the claim of the attempt) stays.
   */
  crashBeforeNextAuditAppend(): void;
}

/** Builds empty records whose "now" is `now()`. */
export type MakeRecords = (now: () => Date) => Promise<RecordsUnderTest>;

/** The records of the current test and its clock (set `now` to move it). */
export interface RecordsEnv {
  readonly records: RecordPorts;
  now: Date;
  crashBeforeNextAuditAppend(): void;
}

export function recordsUnderTest(make: MakeRecords): RecordsEnv {
  let current: RecordsUnderTest | undefined;
  const env = {
    now: new Date(T0),
    get records(): RecordPorts {
      if (current === undefined) throw new Error('The records are made before each test');
      return current.records;
    },
    crashBeforeNextAuditAppend: () => current?.crashBeforeNextAuditAppend(),
  };
  beforeEach(async () => {
    env.now = new Date(T0);
    current = await make(() => env.now);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return env;
}

export const T0 = '2026-11-22T10:00:00.000Z';
export const TOKEN = 'TASK-TOKEN-s3cr3t';
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

export function aProfile(
  employeeId: string,
  overrides: Partial<PersonProfile> = {},
): Omit<PersonProfile, 'version'> {
  return {
    employeeId,
    email: `${employeeId.toLowerCase()}@example.com`,
    fullName: 'Ana Lima',
    department: 'Design',
    managerEmail: null,
    trelloMemberId: null,
    lifecycle: 'onboarding',
    onLeave: false,
    lastEvent: null,
    currentRunId: null,
    updatedAt: T0,
    ...overrides,
  };
}

export function aRun(runId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId,
    kind: 'onboarding',
    employeeId: 'E1',
    executionName: `exec-${runId}`,
    eventId: 'evt-1',
    status: 'running',
    outcome: null,
    summary: null,
    dryRun: false,
    startedAt: T0,
    finishedAt: null,
    steps: [],
    ...overrides,
  };
}

export function anAuditEntry(overrides: Partial<AuditEntry> = {}): Omit<AuditEntry, 'id' | 'result'> {
  return {
    at: T0,
    actor: 'hr:evt-1',
    action: 'grant-seat',
    target: 'member:m1',
    detail: 'grant a seat',
    runId: 'run-1',
    employeeId: 'E1',
    ...overrides,
  };
}

export function anApproval(id: string, overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id,
    runId: 'run-1',
    kind: 'seats-exhausted',
    subjectEmployeeId: 'E1',
    subjectEmail: 'ana@example.com',
    question: 'No seat is free. Approve to retry the grant?',
    options: ['approve', 'reject'],
    status: 'pending',
    createdAt: T0,
    expiresAt: plus(T0, 60 * MINUTE),
    decidedBy: null,
    decidedAt: null,
    comment: null,
    ...overrides,
  };
}

/** Every page of a listing, checking that pages are full until the last one. */
export async function allPages<T>(
  limit: number,
  list: (cursor: string | null) => Promise<Page<T>>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await list(cursor);
    pages.push(page.items);
    if (page.nextCursor !== null) expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

export const runIds = (pages: RunRecord[][]) => pages.map((page) => page.map((r) => r.runId));
export const approvalIds = (pages: ApprovalRecord[][]) => pages.map((page) => page.map((a) => a.id));

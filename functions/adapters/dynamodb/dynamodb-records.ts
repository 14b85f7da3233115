/**
 * The record ports on one DynamoDB table (DESIGN.md "Records"; layout in keys.ts), built from one
 * document client: the ones a step names are what the composition root hands it; all of them are
 * what the admin API, tests and the local stack read records through. Single-item conditional
 * writes only: the local server (dynalite) has no transactions, and nothing here needs them —
 * every multi-item change is ordered so a crash between two writes is repaired by the re-run
 * (DESIGN.md "Properties every part keeps").
 * Every item read is parsed with zod.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  RECORD_PORT_NAMES,
  type RecordPortName,
  type RecordPorts,
} from '../../ports/records/record-ports.ts';
import { ApprovalRecords } from './approval-records.ts';
import { AuditRecords } from './audit-records.ts';
import { HrEventMarkerRecords } from './hr-event-marker-records.ts';
import { InboxRecords } from './inbox-records.ts';
import { PersonRecords } from './person-records.ts';
import { ReconciliationRecords } from './reconciliation-records.ts';
import { RecordTable } from './record-table.ts';
import { RunRecords } from './run-records.ts';
import { SweepRecords } from './sweep-records.ts';

export interface DynamoDbRecordsOptions {
  /** Built with `marshallOptions: { removeUndefinedValues: true }`. */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** What "now" is for expiries (approvals, HR-event markers). @default () => new Date() */
  now?: () => Date;
}

type RecordAdapters = { [N in RecordPortName]: (table: RecordTable, now: () => Date) => RecordPorts[N] };

/** How each record port is built on the table: a step builds only the ones it names. */
const RECORD_ADAPTERS: RecordAdapters = {
  hrEvents: (table, now) => new HrEventMarkerRecords(table, now),
  people: (table) => new PersonRecords(table),
  runs: (table) => new RunRecords(table),
  audit: (table, now) => new AuditRecords(table, now),
  approvals: (table, now) => new ApprovalRecords(table, now),
  sweeps: (table) => new SweepRecords(table),
  reconciliations: (table) => new ReconciliationRecords(table),
  inbox: (table) => new InboxRecords(table),
  seatReadings: (table) => new InboxRecords(table),
};

/** One record port on the table. */
export function dynamoDbRecord<N extends RecordPortName>(
  name: N,
  table: RecordTable,
  now: () => Date = () => new Date(),
): RecordPorts[N] {
  return RECORD_ADAPTERS[name](table, now);
}

/** Every record port on the table (the admin API, tests, the local stack). */
export function dynamoDbRecords(options: DynamoDbRecordsOptions): RecordPorts {
  const table = new RecordTable(options.client, options.tableName);
  const ports = RECORD_PORT_NAMES.map((name) => [name, dynamoDbRecord(name, table, options.now)]);
  return Object.fromEntries(ports) as RecordPorts;
}

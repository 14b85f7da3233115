/**
 * Every record port on one DynamoDB table (DESIGN.md "Records"; layout in keys.ts), built from one
 * document client: what the composition root hands every step, and what tests and the local
 * stack read records through. Single-item conditional writes only: the local server (dynalite)
 * has no transactions, and nothing here needs them — every multi-item change is ordered so a
 * crash between two writes is repaired by the re-run (DESIGN.md "Properties every part keeps").
 * Every item read is parsed with zod.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordPorts } from '../../ports/records/record-ports.ts';
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

export function dynamoDbRecords(options: DynamoDbRecordsOptions): RecordPorts {
  const table = new RecordTable(options.client, options.tableName);
  const now = options.now ?? (() => new Date());
  const inbox = new InboxRecords(table);
  return {
    hrEvents: new HrEventMarkerRecords(table, now),
    people: new PersonRecords(table),
    runs: new RunRecords(table),
    audit: new AuditRecords(table, now),
    approvals: new ApprovalRecords(table, now),
    sweeps: new SweepRecords(table),
    reconciliations: new ReconciliationRecords(table),
    inbox,
    seatReadings: inbox,
  };
}

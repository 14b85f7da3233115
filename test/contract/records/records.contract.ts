/**
 * What every backend of Lanyard's records must do, one contract per record port (DESIGN.md
 * "Records"), run against the DynamoDB adapters on dynalite and against the in-memory fakes the
 * core's unit tests use: a fake that passes the same suite can stand in for the table.
 */
import { approvalsContract } from './approvals.contract.ts';
import { auditLogContract } from './audit-log.contract.ts';
import { hrEventMarkersContract } from './hr-event-markers.contract.ts';
import { notificationInboxContract } from './notification-inbox.contract.ts';
import { peopleContract } from './people.contract.ts';
import { reconciliationsContract } from './reconciliations.contract.ts';
import type { MakeRecords } from './records-under-test.ts';
import { runsContract } from './runs.contract.ts';
import { seatReadingsContract } from './seat-readings.contract.ts';
import { sweepsContract } from './sweeps.contract.ts';

export function recordsContract(name: string, make: MakeRecords): void {
  peopleContract(name, make);
  hrEventMarkersContract(name, make);
  runsContract(name, make);
  auditLogContract(name, make);
  approvalsContract(name, make);
  sweepsContract(name, make);
  reconciliationsContract(name, make);
  notificationInboxContract(name, make);
  seatReadingsContract(name, make);
}

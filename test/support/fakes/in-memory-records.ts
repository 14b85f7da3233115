/**
 * Every record port in memory, one small fake per aggregate, each proven by the same contract
 * suites as the DynamoDB adapters (test/contract/records/). For unit tests of the core: a use
 * case gets the ports it names, with nothing to start.
 */
import type { RecordPorts } from '../../../functions/ports/records/record-ports.ts';
import { InMemoryApprovals } from './in-memory-approvals.ts';
import { InMemoryAuditLog } from './in-memory-audit-log.ts';
import { InMemoryHrEventMarkers } from './in-memory-hr-event-markers.ts';
import { InMemoryNotificationInbox } from './in-memory-notification-inbox.ts';
import { InMemoryPeople } from './in-memory-people.ts';
import { InMemoryReconciliations } from './in-memory-reconciliations.ts';
import { InMemoryRuns } from './in-memory-runs.ts';
import { InMemorySeatReadings } from './in-memory-seat-readings.ts';
import { InMemorySweeps } from './in-memory-sweeps.ts';

export interface InMemoryRecords extends RecordPorts {
  hrEvents: InMemoryHrEventMarkers;
  people: InMemoryPeople;
  runs: InMemoryRuns;
  audit: InMemoryAuditLog;
  approvals: InMemoryApprovals;
  sweeps: InMemorySweeps;
  reconciliations: InMemoryReconciliations;
  inbox: InMemoryNotificationInbox;
  seatReadings: InMemorySeatReadings;
}

/** `now` is what expiries (approvals, HR-event markers) and outcome times are judged against. */
export function inMemoryRecords(now: () => Date = () => new Date()): InMemoryRecords {
  return {
    hrEvents: new InMemoryHrEventMarkers(now),
    people: new InMemoryPeople(),
    runs: new InMemoryRuns(),
    audit: new InMemoryAuditLog(now),
    approvals: new InMemoryApprovals(now),
    sweeps: new InMemorySweeps(),
    reconciliations: new InMemoryReconciliations(),
    inbox: new InMemoryNotificationInbox(),
    seatReadings: new InMemorySeatReadings(),
  };
}

/**
 * Lanyard's records, one port per aggregate (DESIGN.md "Records": one table, single-item
 * conditional writes). A use case names the ones it reads or writes (`Pick<RecordPorts, 'runs' |
 * 'people'>`), so its dependencies say what it touches and a test hands it just those fakes; a
 * step names them in defineStep's `records` and gets only those.
 */
import type { Approvals } from './approvals.ts';
import type { AuditLog } from './audit-log.ts';
import type { HrEventMarkers } from './hr-event-markers.ts';
import type { NotificationInbox } from './notification-inbox.ts';
import type { People } from './people.ts';
import type { Reconciliations } from './reconciliations.ts';
import type { Runs } from './runs.ts';
import type { SeatReadings } from './seat-readings.ts';
import type { Sweeps } from './sweeps.ts';

export interface RecordPorts {
  hrEvents: HrEventMarkers;
  people: People;
  runs: Runs;
  audit: AuditLog;
  approvals: Approvals;
  sweeps: Sweeps;
  reconciliations: Reconciliations;
  inbox: NotificationInbox;
  seatReadings: SeatReadings;
}

export type RecordPortName = keyof RecordPorts;

/** Every record port, by name (`Record<…>`: a port missing here fails to compile). */
export const RECORD_PORT_NAMES = Object.keys({
  hrEvents: true,
  people: true,
  runs: true,
  audit: true,
  approvals: true,
  sweeps: true,
  reconciliations: true,
  inbox: true,
  seatReadings: true,
} satisfies Record<RecordPortName, true>) as readonly RecordPortName[];

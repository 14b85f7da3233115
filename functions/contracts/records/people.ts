/**
 * People's records (DESIGN.md "Records": `PERSON#<id>`): the single source of their shapes. The
 * records port, the DynamoDB adapter and the admin API derive from these schemas.
 */
import * as z from 'zod';
import { LifecycleStates } from '../../core/model/lifecycle-states.ts';
import { Instant } from './instant.ts';

/** The HR event last applied to a person; later events are compared against it (HR order). */
export const AppliedEvent = z.object({
  id: z.string(),
  type: z.string(),
  effectiveAt: Instant,
  occurredAt: Instant,
});
export type AppliedEvent = z.infer<typeof AppliedEvent>;

/** One HR event as recorded in a person's history; `stale` ones were refused, never applied. */
export const PersonEvent = AppliedEvent.extend({ stale: z.boolean() });
export type PersonEvent = z.infer<typeof PersonEvent>;

export const PersonProfile = z.object({
  employeeId: z.string(),
  email: z.string(),
  fullName: z.string(),
  department: z.string().nullable(),
  managerEmail: z.string().nullable(),
  trelloMemberId: z.string().nullable(),
  lifecycle: z.enum(LifecycleStates),
  onLeave: z.boolean(),
  lastEvent: AppliedEvent.nullable(),
  /**
   * The hire, rehire or termination last applied: lifecycle events are ordered among themselves,
   * so a newer update or leave applied first does not make an older termination stale
   * (core/event-ordering.ts). Absent on records written before it was kept.
   */
  lastLifecycleEvent: AppliedEvent.nullable().optional(),
  /** The leave start or end last applied (absent on records written before it was kept). */
  lastLeaveEvent: AppliedEvent.nullable().optional(),
  /** The run that owns this person's lifecycle now (one lifecycle at a time). */
  currentRunId: z.string().nullable(),
  /** Optimistic-concurrency counter; every write must name the version it read. */
  version: z.number().int().positive(),
  updatedAt: Instant,
});
export type PersonProfile = z.infer<typeof PersonProfile>;

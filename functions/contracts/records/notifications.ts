/** The console's inbox and the seats trend: the single source of their records' shapes. */
import * as z from 'zod';
import { Instant } from './instant.ts';

/** A notification as the console's inbox keeps it. */
export const StoredNotification = z.object({
  id: z.string(),
  at: Instant,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  runId: z.string().nullable(),
  approvalId: z.string().nullable(),
});
export type StoredNotification = z.infer<typeof StoredNotification>;

/** Seats in use on one day (the last reading of that day). */
export const SeatReading = z.object({
  day: z.string(),
  used: z.number().int(),
  total: z.number().int().nullable(),
});
export type SeatReading = z.infer<typeof SeatReading>;

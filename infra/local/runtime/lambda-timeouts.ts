/**
 * Lambda step timeouts on demand: a share of the invocations the local Lambda host runs end as a
 * Lambda that ran past its timeout ends, with `Sandbox.Timedout` (lambda-host.ts), at one of the
 * two moments that matter to the workflow:
 * - `before`: the sandbox never got to the handler (a hung init, a stalled cold start): nothing
 *   of the step was done;
 * - `after`: the handler did all its work, but its answer came past the deadline, so the Task
 *   fails anyway: every change it made stands, and the Retry runs the step again on top of them.
 *   This is the case that proves a step idempotent.
 * The wait itself is not reproduced (a test cannot sit out a 30-second timeout per fault); what a
 * real timeout does to the handler's promise is modelled by lambda-host.ts's own timer.
 *
 * One seed and one invocation order give the same timeouts.
 */
import { z } from 'zod';
import { mulberry32, type RandomSource } from '../simulators/prng.ts';

export const TimeoutSettings = z
  .object({
    seed: z.number().int().default(1),
    /** Share (0..1) of the matching invocations that time out. */
    rate: z.number().min(0).max(1),
    /** Only these functions (logical ids). @default every function */
    functions: z.array(z.string().min(1)).optional(),
    /** The moments a timeout may come at, drawn in turn. @default both */
    moments: z
      .array(z.enum(['before', 'after']))
      .min(1)
      .default(['before', 'after']),
  })
  .strict();
export type TimeoutSettings = z.input<typeof TimeoutSettings>;

/** When a timed-out invocation's deadline passed: before its handler ran, or after it finished. */
export type TimeoutMoment = 'before' | 'after';

export class LambdaTimeouts {
  #settings: z.infer<typeof TimeoutSettings> | null = null;
  #random: RandomSource = mulberry32(1);
  #injected = { before: 0, after: 0 };

  /** Starts timing out (replacing earlier settings; the random sequence and counts restart). */
  configure(settings: TimeoutSettings): void {
    this.#settings = TimeoutSettings.parse(settings);
    this.#random = mulberry32(this.#settings.seed);
    this.#injected = { before: 0, after: 0 };
  }

  clear(): void {
    this.#settings = null;
  }

  /** Timeouts injected since `configure`, by moment. */
  stats(): { before: number; after: number } {
    return { ...this.#injected };
  }

  /** Whether this invocation of `logicalId` times out, and when (null: it runs as usual). */
  draw(logicalId: string): TimeoutMoment | null {
    const s = this.#settings;
    if (!s || (s.functions !== undefined && !s.functions.includes(logicalId))) return null;
    // Two draws per matching invocation whatever the outcome: the sequence stays reproducible.
    const timeoutDraw = this.#random();
    const momentDraw = this.#random();
    if (timeoutDraw >= s.rate) return null;
    const moment: TimeoutMoment = s.moments[Math.floor(momentDraw * s.moments.length)] ?? 'before';
    this.#injected[moment] += 1;
    return moment;
  }
}

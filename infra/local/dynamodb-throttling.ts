/**
 * DynamoDB throttling on demand, at the local DynamoDB endpoint: a share of the requests that
 * functions sign is refused the way DynamoDB refuses a request over a partition's throughput —
 * HTTP 400 with `ProvisionedThroughputExceededException` or `ThrottlingException` — before it
 * reaches dynalite, so nothing of it is applied. The production clients see the error AWS sends
 * and retry it with the SDK's own throttling backoff (both names are among the SDK's throttling
 * error codes); what still fails after the SDK's attempts reaches the handler as on AWS.
 *
 * Only requests signed as a function (./iam/caller.ts) are refused: a test's own reads of the
 * table, which check the outcome, are never throttled. One seed and one request order give the
 * same refusals.
 */
import { z } from 'zod';
import { mulberry32, type RandomSource } from './simulators/prng.ts';

/** The two throttling errors DynamoDB's data plane answers: the `__type` and message it sends. */
const ERRORS = {
  ProvisionedThroughputExceededException: {
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  ThrottlingException: {
    type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
} as const;
export type ThrottlingError = keyof typeof ERRORS;

export const ThrottlingSettings = z
  .object({
    seed: z.number().int().default(1),
    /** Share (0..1) of the requests signed by a function that are refused. */
    rate: z.number().min(0).max(1),
    /** Only the requests signed as these functions (logical ids). @default every function */
    functions: z.array(z.string().min(1)).optional(),
    /** Which errors, drawn in turn by the seeded generator. @default both */
    errors: z
      .array(z.enum(['ProvisionedThroughputExceededException', 'ThrottlingException']))
      .min(1)
      .default(['ProvisionedThroughputExceededException', 'ThrottlingException']),
  })
  .strict();
export type ThrottlingSettings = z.input<typeof ThrottlingSettings>;

/** What DynamoDB answers a throttled request: the status and the JSON body (`__type`, `message`). */
export interface ThrottledAnswer {
  status: 400;
  body: { __type: string; message: string };
}

export class DynamoDbThrottling {
  #settings: z.infer<typeof ThrottlingSettings> | null = null;
  #random: RandomSource = mulberry32(1);
  #refused = 0;
  #seen = 0;

  /** Starts refusing (replacing earlier settings; the random sequence and the counts restart). */
  configure(settings: ThrottlingSettings): void {
    this.#settings = ThrottlingSettings.parse(settings);
    this.#random = mulberry32(this.#settings.seed);
    this.#seen = 0;
    this.#refused = 0;
  }

  /** Stops refusing; the counts stay for `stats`. */
  clear(): void {
    this.#settings = null;
  }

  /** Requests signed by a function seen while active, and how many of them were refused. */
  stats(): { seen: number; refused: number } {
    return { seen: this.#seen, refused: this.#refused };
  }

  /** The answer for a request signed by `functionName` (undefined: a test's own): null lets it through. */
  decide(functionName: string | undefined): ThrottledAnswer | null {
    const s = this.#settings;
    if (!s || functionName === undefined) return null;
    if (s.functions !== undefined && !s.functions.includes(functionName)) return null;
    this.#seen += 1;
    // Two draws per request whatever the outcome: the sequence stays reproducible.
    const refuseDraw = this.#random();
    const errorDraw = this.#random();
    if (refuseDraw >= s.rate) return null;
    this.#refused += 1;
    const error = s.errors[Math.floor(errorDraw * s.errors.length)] ?? 'ThrottlingException';
    return { status: 400, body: { __type: ERRORS[error].type, message: ERRORS[error].message } };
  }
}

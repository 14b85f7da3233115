/**
 * The event Step Functions sends to the default EventBridge bus when an execution of a STANDARD
 * state machine changes status (EventBridge events reference, "Step Functions events"; Step
 * Functions developer guide, "Automating Step Functions event delivery with EventBridge"):
 * source `aws.states`, detail-type `Step Functions Execution Status Change`, and a detail that
 * describes the execution as DescribeExecution does — dates in epoch milliseconds, `input` and
 * `output` as JSON text. Delivery is best effort and at least once.
 *
 * Parsed loosely where AWS may leave things out: `input`/`output` are absent or null when too large
 * to include (`inputDetails.included: false`), `output` is null unless SUCCEEDED, `error`/`cause`
 * null unless the execution failed or was stopped with them, `stopDate` null while RUNNING.
 * Lanyard reads only the execution's identity, status and error from it, never the input.
 */
import * as z from 'zod';

export const STATES_EVENT_SOURCE = 'aws.states';
export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';

/** DescribeExecution's statuses; PENDING_REDRIVE while a redrive of the execution is starting. */
export const ExecutionStatuses = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const;
/** The statuses of an execution that ended without reaching the end its definition gives it. */
export const UNFINISHED_END_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

const epochMillis = z.number().int().nonnegative();
const optionalText = z.string().nullish();
const dataDetails = z.looseObject({ included: z.boolean() }).nullish();

export const ExecutionStatusChangeDetail = z.looseObject({
  executionArn: z.string().startsWith('arn:'),
  stateMachineArn: z.string().startsWith('arn:'),
  /** The execution name: what a run records as its `executionName`. */
  name: z.string().min(1).max(80),
  status: z.enum(ExecutionStatuses),
  startDate: epochMillis,
  stopDate: epochMillis.nullish(),
  input: optionalText,
  inputDetails: dataDetails,
  output: optionalText,
  outputDetails: dataDetails,
  error: optionalText,
  cause: optionalText,
});
export type ExecutionStatusChangeDetail = z.infer<typeof ExecutionStatusChangeDetail>;

/** The whole EventBridge event, as a rule delivers it to a Lambda target. */
export const ExecutionStatusChange = z.looseObject({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.literal(EXECUTION_STATUS_CHANGE),
  source: z.literal(STATES_EVENT_SOURCE),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: ExecutionStatusChangeDetail,
});
export type ExecutionStatusChange = z.infer<typeof ExecutionStatusChange>;

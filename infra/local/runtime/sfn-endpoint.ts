/**
 * A wire-compatible AWS Step Functions endpoint for the operations Lanyard's SFN adapter and its
 * tools use, so the production SFNClient works unchanged against the local runtime.
 */
import { z } from 'zod';
import type { AccessRequest, IamCheck } from '../iam/iam-check.ts';
import type { ExecutionRecord, Executions } from './executions.ts';
import { RuntimeApiError } from './executions.ts';
import { type Authorize, type JsonEndpoint, startJsonEndpoint } from './json-endpoint.ts';
import type { TaskTokens } from './task-tokens.ts';

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function summary(r: ExecutionRecord) {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: seconds(r.startDate),
    stopDate: seconds(r.stopDate),
  };
}

/** maxResults 0 or absent = 100, as AWS; the token is the next offset, opaque to callers. */
function paginate<T>(items: T[], maxResults: number | undefined, token: string | undefined) {
  let start = 0;
  if (token) {
    start = Number(Buffer.from(token, 'base64url').toString());
    if (!Number.isInteger(start) || start < 0) throw new RuntimeApiError('InvalidToken', 'Invalid nextToken');
  }
  const size = maxResults || 100;
  const nextToken =
    start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { page: items.slice(start, start + size), nextToken };
}

/** `includeExecutionData: false`: the events without their inputs, outputs and parameters. */
function withoutData<T extends Record<string, unknown>>(event: T): T {
  const data = new Set(['input', 'output', 'parameters']);
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) =>
      key.endsWith('EventDetails') && value && typeof value === 'object'
        ? [key, Object.fromEntries(Object.entries(value).filter(([k]) => !data.has(k)))]
        : [key, value],
    ),
  ) as T;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new RuntimeApiError(
      'ValidationException',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

/** The field of each operation's body that names the resource Step Functions authorizes it on. */
const RESOURCE_FIELD: Record<string, 'stateMachineArn' | 'executionArn' | 'taskToken'> = {
  StartExecution: 'stateMachineArn',
  ListExecutions: 'stateMachineArn',
  DescribeExecution: 'executionArn',
  StopExecution: 'executionArn',
  GetExecutionHistory: 'executionArn',
  SendTaskSuccess: 'taskToken',
  SendTaskFailure: 'taskToken',
  SendTaskHeartbeat: 'taskToken',
};

/**
 * `states:<Operation>` on the state machine (StartExecution, ListExecutions) or the execution
 * (Describe/Stop/GetExecutionHistory); the task-token operations on the state machine whose
 * execution the token belongs to, as Step Functions reports them (`… on resource:
 * arn:aws:states:…:stateMachine:<name>`). A token no Task waits on is left to the operation,
 * which answers TaskDoesNotExist / InvalidToken.
 */
function sfnAuthorize(iam: IamCheck, executions: Executions, tokens: TaskTokens): Authorize {
  return async ({ functionName, operation, body }) => {
    const field = RESOURCE_FIELD[operation];
    const value = field ? body[field] : undefined;
    if (typeof value !== 'string') return iam.authorize(functionName, []);
    let resource = value;
    if (field === 'taskToken') {
      const executionArn = tokens.executionOf(value);
      if (!executionArn) return iam.authorize(functionName, []);
      resource = executions.describe(executionArn).stateMachineArn;
    }
    const request: AccessRequest = { action: `states:${operation}`, resource };
    return iam.authorize(functionName, [request]);
  };
}

export function startSfnEndpoint(
  executions: Executions,
  tokens: TaskTokens,
  port?: number,
  iam?: IamCheck,
): Promise<JsonEndpoint> {
  return startJsonEndpoint({
    service: 'AWSStepFunctions',
    contentType: 'application/x-amz-json-1.0',
    port,
    ...(iam ? { authorize: sfnAuthorize(iam, executions, tokens) } : {}),
    operations: {
      StartExecution: (body) => {
        const b = parse(
          z.object({
            stateMachineArn: z.string(),
            name: z.string().optional(),
            input: z.string().default('{}'),
          }),
          body,
        );
        const r = executions.start(b.stateMachineArn, b.name, b.input);
        return { executionArn: r.executionArn, startDate: seconds(r.startDate) };
      },
      DescribeExecution: (body) => {
        const r = executions.describe(parse(z.object({ executionArn: z.string() }), body).executionArn);
        return { ...summary(r), input: r.input, output: r.output, error: r.error, cause: r.cause };
      },
      ListExecutions: (body) => {
        const b = parse(
          z.object({
            stateMachineArn: z.string(),
            statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']).optional(),
            maxResults: z.number().int().min(0).max(1000).optional(),
            nextToken: z.string().optional(),
          }),
          body,
        );
        const all = executions.list(b.stateMachineArn, b.statusFilter);
        const { page, nextToken } = paginate(all, b.maxResults, b.nextToken);
        return { executions: page.map(summary), nextToken };
      },
      StopExecution: (body) => {
        const b = parse(
          z.object({ executionArn: z.string(), error: z.string().optional(), cause: z.string().optional() }),
          body,
        );
        return { stopDate: seconds(executions.stop(b.executionArn, b.error, b.cause).stopDate) };
      },
      GetExecutionHistory: (body) => {
        const b = parse(
          z.object({
            executionArn: z.string(),
            reverseOrder: z.boolean().optional(),
            maxResults: z.number().int().min(0).max(1000).optional(),
            nextToken: z.string().optional(),
            includeExecutionData: z.boolean().optional(),
          }),
          body,
        );
        const events = executions.history(b.executionArn).map((e) => ({
          ...(b.includeExecutionData === false ? withoutData(e) : e),
          timestamp: seconds(e.timestamp),
        }));
        if (b.reverseOrder) events.reverse();
        const { page, nextToken } = paginate(events, b.maxResults, b.nextToken);
        return { events: page, nextToken };
      },
      SendTaskSuccess: (body) => {
        const b = parse(z.object({ taskToken: z.string().min(1), output: z.string() }), body);
        tokens.sendTaskSuccess(b.taskToken, b.output);
        return {};
      },
      SendTaskFailure: (body) => {
        const b = parse(
          z.object({
            taskToken: z.string().min(1),
            error: z.string().optional(),
            cause: z.string().optional(),
          }),
          body,
        );
        tokens.sendTaskFailure(b.taskToken, b.error, b.cause);
        return {};
      },
      SendTaskHeartbeat: (body) => {
        tokens.sendTaskHeartbeat(parse(z.object({ taskToken: z.string().min(1) }), body).taskToken);
        return {};
      },
    },
  });
}

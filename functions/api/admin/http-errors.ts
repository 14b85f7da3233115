/**
 * Errors as the admin API answers them: `{ error, message }` with the status that says what
 * happened. Domain errors map by class; anything unexpected is a 500 whose body says nothing of
 * the internals (the log line has the details, never a secret or a task token).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { logger } from '../../composition/powertools.ts';
import {
  AlreadyOffboardedError,
  ApprovalNotFoundError,
  ApprovalNotPendingError,
  ConfigInvalidError,
  EventIdConflictError,
  InvalidPageRequestError,
  KeepLinkExpiredError,
  KeepLinkInvalidError,
  PersonUnknownError,
  ReconciliationNotAwaitingApprovalError,
  SelfApprovalError,
  StepInputInvalidError,
  SweepNotAwaitingApprovalError,
} from '../../core/errors.ts';

/** A refusal the API answers on purpose: what was wrong and what to do. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorResponse(c: Context, error: Error) {
  if (error instanceof HttpProblem)
    return c.json({ error: error.code, message: error.message }, error.status);
  if (error instanceof HTTPException) return malformedRequest(c, error);
  if (error instanceof EventIdConflictError) {
    logger.warn('admin API request refused', { error: 'event-id-conflict', eventId: error.eventId });
    return c.json({ error: 'event-id-conflict', eventId: error.eventId, message: error.message }, 409);
  }
  if (error instanceof ApprovalNotFoundError)
    return c.json({ error: 'not-found', message: error.message }, 404);
  if (error instanceof SelfApprovalError)
    return c.json({ error: 'self-approval', message: error.message }, 403);
  if (error instanceof ApprovalNotPendingError)
    return c.json({ error: 'approval-not-pending', message: error.message }, 409);
  if (error instanceof PersonUnknownError) return c.json({ error: 'not-found', message: error.message }, 404);
  if (error instanceof AlreadyOffboardedError)
    return c.json({ error: 'already-offboarded', message: error.message }, 409);
  if (error instanceof StepInputInvalidError)
    return c.json({ error: 'invalid-request', message: error.message }, 400);
  if (error instanceof SweepNotAwaitingApprovalError)
    return c.json({ error: 'sweep-not-awaiting-approval', message: error.message }, 409);
  if (error instanceof ReconciliationNotAwaitingApprovalError)
    return c.json({ error: 'reconciliation-not-awaiting-approval', message: error.message }, 409);
  if (error instanceof InvalidPageRequestError)
    return c.json({ error: 'invalid-cursor', message: error.message }, 400);
  if (error instanceof KeepLinkInvalidError)
    return c.json({ error: 'invalid-link', message: error.message }, 404);
  if (error instanceof KeepLinkExpiredError)
    return c.json({ error: 'too-late', message: error.message }, 410);
  logger.error('admin API request failed', { errorName: error.name, errorMessage: error.message });
  if (error instanceof ConfigInvalidError)
    return c.json({ error: 'misconfigured', message: error.message }, 500);
  return c.json({ error: 'internal', message: 'Lanyard failed to answer; the log has the details' }, 500);
}

/**
 * What hono refuses before a handler runs — a body whose content type the route does not take
 * (415) or that is not JSON (400) — answered as Lanyard's other refusals, saying what to send,
 * and logged as a WARN: the caller's input was wrong, Lanyard did not fail.
 */
function malformedRequest(c: Context, error: HTTPException) {
  const status = error.status as ContentfulStatusCode;
  const answer =
    status === 415
      ? {
          error: 'unsupported-media-type',
          message: `${c.req.method} ${c.req.path} takes a JSON body: send it with "Content-Type: application/json"${received(c)}`,
        }
      : status === 400
        ? {
            error: 'invalid-json',
            message: `The body of ${c.req.method} ${c.req.path} is not valid JSON: send one JSON object with the fields described at /admin/openapi.json`,
          }
        : { error: status >= 500 ? 'internal' : 'invalid-request', message: error.message };
  const log = status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
  log('admin API request refused', {
    status,
    error: answer.error,
    method: c.req.method,
    route: c.req.routePath,
  });
  return c.json(answer, status);
}

function received(c: Context): string {
  const type = c.req.header('content-type');
  return type ? ` (got "${type.slice(0, 80)}")` : ' (none was sent)';
}

/** zod-openapi's hook for requests that fail their schema: 400 with the issues listed. */
export function validationHook(
  result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } },
  c: Context,
) {
  if (result.success || !result.error) return;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return c.json(
    {
      error: 'invalid-request',
      message: `The request is invalid: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`,
      issues,
    },
    400,
  );
}

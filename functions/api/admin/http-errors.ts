/**
 * Errors as the admin API answers them: `{ error, message }` with the status that says what
 * happened. Domain errors map by class; anything unexpected is a 500 whose body says nothing of
 * the internals (the log line has the details, never a secret or a task token).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  AlreadyOffboardedError,
  ApprovalNotFoundError,
  ApprovalNotPendingError,
  ConfigInvalidError,
  InvalidPageRequestError,
  KeepLinkExpiredError,
  KeepLinkInvalidError,
  PersonUnknownError,
  SelfApprovalError,
  StepInputInvalidError,
  SweepNotAwaitingApprovalError,
} from '../../core/errors.ts';
import { logger } from '../../runtime/powertools.ts';

/** A refusal the API answers on purpose: what was wrong and what to do. */
export class HttpProblem extends Error {
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

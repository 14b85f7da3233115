import { ErrorNames } from '../errors.ts';

/**
 * How a batch run (a sweep, a reconciliation) that waited for its approval ended without one, in
 * words for its summary; null when the error is a real failure.
 */
export function notApproved(error: string): 'rejected' | 'not approved in time' | null {
  if (error === ErrorNames.ApprovalRejected) return 'rejected';
  if (error === ErrorNames.ApprovalExpired || error === ErrorNames.Timeout) return 'not approved in time';
  return null;
}

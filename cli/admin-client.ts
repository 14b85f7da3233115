/**
 * The admin API over HTTP, for the CLI. Responses are parsed with the API's own zod schemas, so a
 * CLI and an API that disagree fail loudly instead of printing nonsense.
 */
import type { z } from 'zod';
import { ErrorBody } from '../functions/api/admin/admin-schemas.ts';
import type { CliTarget } from './cli-config.ts';
import { CliError } from './cli-error.ts';

export class AdminClient {
  constructor(private readonly target: CliTarget) {}

  async request<T extends z.ZodType>(
    schema: T,
    method: string,
    path: string,
    options: { body?: string; contentType?: string; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<z.infer<T>> {
    const text = await this.raw(method, path, options);
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new CliError(
        `${method} ${path} answered something this CLI does not understand; update the CLI`,
        3,
      );
    }
    return parsed.data;
  }

  /** The response body as text, after the status was checked. */
  async raw(
    method: string,
    path: string,
    options: { body?: string; contentType?: string; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<string> {
    const auth = options.auth ?? true;
    if (auth && !this.target.token) {
      throw new CliError(
        'No admin token: pass --token, set LANYARD_ADMIN_TOKEN, or start the local stack (npm start) so .lanyard/secrets.json has one',
        2,
      );
    }
    let response: Response;
    try {
      response = await fetch(`${this.target.apiUrl}${path}`, {
        method,
        headers: {
          ...(auth ? { authorization: `Bearer ${this.target.token}` } : {}),
          ...(options.body !== undefined
            ? { 'content-type': options.contentType ?? 'application/json' }
            : {}),
          ...options.headers,
        },
        body: options.body,
      });
    } catch (error) {
      throw new CliError(
        `Cannot reach Lanyard at ${this.target.apiUrl} (${(error as Error).message}); is it running?`,
        3,
      );
    }
    const text = await response.text();
    if (response.ok) return text;
    const problem = ErrorBody.safeParse(safeJson(text));
    const message = problem.success
      ? problem.data.message
      : `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
    throw new CliError(`${method} ${path}: ${message}`, response.status >= 500 ? 3 : 1);
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

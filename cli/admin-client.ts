/**
 * The admin API over HTTP, for the CLI. Responses are parsed with the API's own zod schemas, so a
 * CLI and an API that disagree fail loudly instead of printing nonsense.
 */
import type { z } from 'zod';
import { ErrorBody } from '../functions/api/admin/admin-schemas.ts';
import type { CliTarget } from './cli-config.ts';
import { CliError } from './cli-error.ts';
import { noTokenMessage, tokenRefusedMessage, unreachableMessage } from './what-to-do.ts';

interface RequestOptions {
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  auth?: boolean;
}

export class AdminClient {
  constructor(private readonly target: CliTarget) {}

  async request<T extends z.ZodType>(
    schema: T,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<z.infer<T>> {
    return this.parse(schema, method, path, await this.raw(method, path, options));
  }

  /** A GET of something that may not exist: null when the API answers 404. */
  async find<T extends z.ZodType>(schema: T, path: string): Promise<z.infer<T> | null> {
    const response = await this.send('GET', path, {});
    if (response.status === 404) return null;
    return this.parse(schema, 'GET', path, await this.checked('GET', path, response, true));
  }

  private parse<T extends z.ZodType>(schema: T, method: string, path: string, text: string): z.infer<T> {
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
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    const response = await this.send(method, path, options);
    return this.checked(method, path, response, options.auth ?? true);
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const auth = options.auth ?? true;
    if (auth && !this.target.token) throw new CliError(noTokenMessage(this.target), 2);
    try {
      return await fetch(`${this.target.apiUrl}${path}`, {
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
      throw new CliError(unreachableMessage(this.target, networkReason(error)), 3);
    }
  }

  private async checked(method: string, path: string, response: Response, auth: boolean): Promise<string> {
    const text = await response.text();
    if (response.ok) return text;
    // The API's own 401 text is written for curl ("Send Authorization: Bearer…"); a CLI user
    // needs to hear which token was refused and where a good one comes from. (Without auth, as
    // for HR events, a 401 is about the webhook signature, and the API's words say so.)
    if (response.status === 401 && auth) throw new CliError(tokenRefusedMessage(this.target), 1);
    const problem = ErrorBody.safeParse(safeJson(text));
    const message = problem.success
      ? problem.data.message
      : `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
    throw new CliError(`${method} ${path}: ${message}`, response.status >= 500 ? 3 : 1);
  }
}

/** Why fetch failed, in the words of the socket error (`ECONNREFUSED`) rather than "fetch failed". */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return (error as Error).message;
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * One HTTP request through node:http rather than fetch, for what fetch cannot send: a header
 * line sent twice (`{ name: [a, b] }`), no Content-Type at all, a body exactly as given.
 */
import http from 'node:http';

export interface RawAnswer {
  status: number;
  /** The body parsed as JSON, or `{ text }` when it is not JSON. */
  json: Record<string, unknown>;
}

export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body?: string | Buffer,
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { method, host: url.hostname, port: url.port, path, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown>;
          try {
            json = JSON.parse(text);
          } catch {
            json = { text };
          }
          resolve({ status: response.statusCode ?? 0, json });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

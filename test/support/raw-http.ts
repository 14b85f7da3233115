/**
 * One HTTP request through node:http rather than fetch, for what fetch cannot send: a header
 * line sent twice (`{ name: [a, b] }`), no Content-Type at all, a body exactly as given.
 */
import http from 'node:http';
import net from 'node:net';

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

/**
 * A request written byte for byte on a socket, for what node:http refuses to send: header values
 * holding CR/LF (header injection). `head` is the request line and header lines without the
 * blank line; the body follows with its Content-Length. The connection closes after the answer.
 */
export function socketRequest(baseUrl: string, head: string[], body = ''): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const payload = Buffer.from(body, 'utf8');
  const text = [
    ...head,
    `Host: ${url.host}`,
    `Content-Length: ${payload.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(text);
      socket.end(payload);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks);
      const split = answer.indexOf('\r\n\r\n');
      const headers = answer.subarray(0, split).toString('latin1').toLowerCase();
      const status = Number(/^http\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0);
      const rest = answer.subarray(split + 4);
      const bodyText = (headers.includes('transfer-encoding: chunked') ? unchunk(rest) : rest).toString(
        'utf8',
      );
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(bodyText);
      } catch {
        json = { text: bodyText };
      }
      resolve({ status, json });
    });
  });
}

/** The body of a `Transfer-Encoding: chunked` answer, its chunks joined. */
function unchunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.subarray(at, end).toString('latin1'), 16);
    if (end < 0 || !Number.isFinite(size) || size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
}

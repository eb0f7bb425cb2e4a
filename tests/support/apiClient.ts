import { Agent, request as httpRequest } from 'node:http';

/**
 * HTTP requests to a test server as a browser on the product's own pages makes them: every request
 * carries `Origin: <the server's origin>` (what the Origin check on state-changing requests wants),
 * unless the caller names another origin (or `null` for none) to test that check.
 */
export interface ApiRequest {
  method: string;
  /** Path and query, e.g. `/api/sessions/…`; sent as given (no normalisation of `..` or `%00`). */
  path: string;
  cookie?: string | null;
  /** A JSON body (sent with `content-type: application/json`). */
  json?: unknown;
  /** A raw body with its own headers (content-type and the like). */
  raw?: { body: string | Uint8Array; headers?: Record<string, string> };
  headers?: Record<string, string>;
  /** The Origin header: the server's own by default; null sends none. */
  origin?: string | null;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON (null when empty). */
  body: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * Sends one request with node:http, so that the path goes out exactly as given (fetch would resolve
 * `..` and `%2e%2e` segments before sending).
 */
export function apiRequest(baseUrl: string, request: ApiRequest, timeoutMs = 15_000): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const origin = request.origin === undefined ? new URL(baseUrl).origin : request.origin;
  if (origin !== null) headers.origin = origin;
  if (request.cookie) headers.cookie = request.cookie;
  let body: string | Uint8Array | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.raw) {
    Object.assign(headers, request.raw.headers ?? {});
    body = request.raw.body;
  }
  Object.assign(headers, request.headers ?? {});
  if (body !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const url = new URL(baseUrl);
  return new Promise((resolveOnce, rejectOnce) => {
    let settled = false;
    const resolve = (value: ApiResponse) => void (settled ? undefined : ((settled = true), resolveOnce(value)));
    const reject = (error: Error) => void (settled ? undefined : ((settled = true), rejectOnce(error)));
    const req = httpRequest({ agent, host: url.hostname, port: url.port, method: request.method, path: request.path, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text === '' ? null : text;
        if ((res.headers['content-type'] ?? '').startsWith('application/json') && text !== '') {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${request.method} ${request.path.slice(0, 200)} within ${timeoutMs} ms`)));
    // The server may answer (413, 403) and close before it has read the whole body.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      // The answer may still be on its way; if not, the connection was dropped without one.
      else setTimeout(() => reject(new Error(`${request.method} ${request.path.slice(0, 200)}: connection closed without an answer (${error.code})`)), 2000).unref();
    });
    req.end(body);
  });
}

/** The error code of an error answer, if it has one. */
export function errorCode(response: ApiResponse): string | null {
  const body = response.body as { error?: { code?: unknown } } | null;
  return typeof body?.error?.code === 'string' ? body.error.code : null;
}

/**
 * HTTP requests from a chosen loopback address (127.0.0.2, 127.0.0.3, …: all of 127/8 is this host),
 * so that tests can be several clients as the server's per-address limits see them.
 */
import { request } from 'node:http';
import { fromProductPage } from './productPage';

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** POST /api/auth/sign-in from `localAddress`. */
export function signInFrom(localAddress: string, baseUrl: string, username: string, password: string): Promise<PlainResponse> {
  return requestFrom(localAddress, `${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { ...fromProductPage(baseUrl), 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}
